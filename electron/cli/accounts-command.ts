/** `switchyard accounts`: every connected account, one line each. */
import type { Command } from 'commander';
import { connect } from './cli-context.js';
import { clockTime, cooldownText, printJson, quotaText, statusText, table } from './cli-format.js';

export async function accountsCommand(options: { json?: boolean }): Promise<void> {
  const client = await connect();
  const { providers } = await client.api.listProviders({});
  const accounts = providers.flatMap((provider) => provider.accounts.map((account) => ({ provider, account })));
  if (options.json) {
    printJson(accounts.map(({ account }) => account));
    return;
  }
  if (accounts.length === 0) {
    process.stdout.write('No accounts yet. Connect one with `switchyard login <provider>`, or add an OpenAI-compatible upstream in settings.\n');
    return;
  }
  const rows = accounts.map(({ provider, account }) => [
    provider.id,
    account.label,
    statusText(account),
    account.plan ?? '-',
    account.expiresAt ? clockTime(account.expiresAt) : '-',
    quotaText(account.quota),
    cooldownText(account),
    account.id,
  ]);
  process.stdout.write(`${table(['PROVIDER', 'ACCOUNT', 'STATUS', 'PLAN', 'TOKEN EXPIRES', 'QUOTA', 'COOLDOWN', 'ID'], rows)}\n`);
}

export function registerAccountsCommand(program: Command): void {
  program
    .command('accounts')
    .description('list connected accounts')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => accountsCommand(options));
}
