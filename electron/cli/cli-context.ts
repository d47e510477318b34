/**
 * What every CLI command that talks to the server needs: the data directory, the server's URL (from the
 * pid file, else the port setting) and the management key (SWITCHYARD_MANAGEMENT_KEY, else the vault).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConfBackend, createSettingsStore } from '../core/config/settings-store.js';
import { ensureSwitchyardHome, resolveSwitchyardHome } from '../core/config/switchyard-home.js';
import { managementKeySecret } from '../core/vault/client-keys.js';
import { openHeadlessVault } from '../core/vault/open-vault.js';
import { ManagementClient, NotRunningError } from './management-client.js';
import { readPidFile } from './pid-file.js';

export function cliHome(environment: NodeJS.ProcessEnv = process.env): string {
  return ensureSwitchyardHome(resolveSwitchyardHome(environment));
}

/** Where the server listens (or would): the pid file's URL, else the host and port settings. */
export function serverUrl(home: string, environment: NodeJS.ProcessEnv = process.env): string {
  const running = readPidFile(home);
  if (running) return running.url;
  const { host, port } = createSettingsStore(createConfBackend(home), environment).get();
  const address = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${address}:${port}`;
}

export async function managementKey(home: string, environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (environment.SWITCHYARD_MANAGEMENT_KEY) return environment.SWITCHYARD_MANAGEMENT_KEY;
  // No vault yet means the server never ran here; opening one would create a key file for nothing.
  const stored = existsSync(join(home, 'vault.json')) ? (await openHeadlessVault({ ...environment, SWITCHYARD_HOME: home })).getSecret(managementKeySecret) : undefined;
  if (!stored) throw new Error(`No management key in ${home} yet: start Switchyard once with \`switchyard start\`.`);
  return stored;
}

export async function connect(environment: NodeJS.ProcessEnv = process.env): Promise<ManagementClient> {
  const home = cliHome(environment);
  const url = serverUrl(home, environment);
  let key: string;
  try {
    key = await managementKey(home, environment);
  } catch (error) {
    // No key and no server: "not running" is the message that helps.
    if (!readPidFile(home)) throw new NotRunningError(url);
    throw error;
  }
  return new ManagementClient({ url, managementKey: key });
}
