/** Open the vault of a data directory without starting the gateway (CLI commands). */
import { ensureSwitchyardHome, resolveSwitchyardHome } from '../config/switchyard-home.js';
import { createHeadlessCipher } from './headless-cipher.js';
import { VaultStore } from './vault-store.js';

export async function openHeadlessVault(environment: NodeJS.ProcessEnv = process.env): Promise<VaultStore> {
  const home = ensureSwitchyardHome(resolveSwitchyardHome(environment));
  return VaultStore.open(home, createHeadlessCipher(home, { useKeyring: environment.SWITCHYARD_KEYRING !== 'off' }));
}
