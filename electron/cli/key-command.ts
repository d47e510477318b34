/** `switchyard key`: print the client API key (made on first use). */
import { openHeadlessVault } from '../core/vault/open-vault.js';
import { ensureAccessKeys } from '../core/vault/client-keys.js';

export async function keyCommand(): Promise<void> {
  const vault = await openHeadlessVault();
  const keys = await ensureAccessKeys(vault, process.env);
  process.stdout.write(`${keys.clientKey}\n`);
}
