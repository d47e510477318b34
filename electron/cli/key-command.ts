/**
 * `switchyard key`: print the client API key (made on first use), read from the vault so it works with
 * no server running. `--rotate` replaces it: through the running server when there is one (so the change
 * takes effect at once), else in the vault directly.
 */
import type { Command } from 'commander';
import { openHeadlessVault } from '../core/vault/open-vault.js';
import { clientKeyFromEnvMessage, ensureAccessKeys, storeNewClientKey } from '../core/vault/client-keys.js';
import { cliHome, connect } from './cli-context.js';
import { printJson } from './cli-format.js';
import { readPidFile } from './pid-file.js';

export interface KeyCommandOptions {
  rotate?: boolean;
  json?: boolean;
}

async function rotate(): Promise<{ key: string; source: 'env' | 'vault' }> {
  if (readPidFile(cliHome())) {
    const client = await connect();
    const rotated = await client.api.rotateClientKey({ reveal: true });
    return { key: rotated.key, source: rotated.source };
  }
  if (process.env.SWITCHYARD_API_KEY) throw new Error(clientKeyFromEnvMessage);
  const key = await storeNewClientKey(await openHeadlessVault());
  return { key, source: 'vault' };
}

export async function keyCommand(options: KeyCommandOptions = {}): Promise<void> {
  let result: { key: string; source: 'env' | 'vault' };
  if (options.rotate) {
    result = await rotate();
  } else {
    const keys = await ensureAccessKeys(await openHeadlessVault(), process.env);
    result = { key: keys.clientKey, source: keys.clientKeySource };
  }
  if (options.json) printJson(result);
  else process.stdout.write(`${result.key}\n`);
  if (options.rotate && !options.json) process.stderr.write('The old key no longer works: update the tools that use it (`switchyard setup <tool>`).\n');
}

export function registerKeyCommand(program: Command): void {
  program
    .command('key')
    .description('print the client API key that local tools send; --rotate replaces it')
    .option('--rotate', 'make a new client key (the old one stops working)')
    .option('--json', 'print JSON')
    .action((options: KeyCommandOptions) => keyCommand(options));
}
