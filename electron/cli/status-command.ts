/** `switchyard status`: the server, then each provider's accounts with status, quota windows and cooldowns. */
import type { Command } from 'commander';
import { connect } from './cli-context.js';
import { cooldownText, humanDuration, printJson, quotaText, statusText, table } from './cli-format.js';

export async function statusCommand(options: { json?: boolean }): Promise<void> {
  const client = await connect();
  const [health, { providers }] = await Promise.all([client.api.health({}), client.api.listProviders({})]);
  if (options.json) {
    printJson({ health, providers });
    return;
  }
  const out = process.stdout;
  out.write(`Switchyard ${health.version} on ${health.url}: ${health.status}, up ${humanDuration(health.uptimeSeconds * 1000)}\n`);
  for (const reason of health.reasons) out.write(`  ! ${reason}\n`);
  const rows: string[][] = [];
  for (const provider of providers) {
    if (provider.accounts.length === 0) {
      rows.push([provider.displayName, '(none)', provider.state, '-', '-']);
      continue;
    }
    for (const account of provider.accounts) {
      rows.push([provider.displayName, account.label, statusText(account), quotaText(account.quota), cooldownText(account)]);
    }
  }
  out.write(`\n${table(['PROVIDER', 'ACCOUNT', 'STATUS', 'QUOTA', 'COOLDOWN'], rows)}\n`);
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('is the gateway running; providers, accounts, quota windows and cooldowns')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => statusCommand(options));
}
