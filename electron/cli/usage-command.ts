/** `switchyard usage`: requests and tokens from the usage ledger, by provider, model, account or client. */
import { Option, type Command } from 'commander';
import type { OperationInput } from '../../shared/contract.js';
import { connect } from './cli-context.js';
import { clockTime, formatNumber, parseSince, printJson, table } from './cli-format.js';

type Dimension = 'provider' | 'model' | 'account' | 'client';

export interface UsageCommandOptions {
  by: Dimension;
  since: string;
  bucket?: 'hour' | 'day';
  json?: boolean;
}

export async function usageCommand(options: UsageCommandOptions): Promise<void> {
  const client = await connect();
  const input: OperationInput<'queryUsage'> = {
    range: { since: parseSince(options.since) },
    groupBy: [options.by],
    bucket: options.bucket ?? 'none',
  };
  const usage = await client.api.queryUsage(input);
  if (options.json) {
    printJson(usage);
    return;
  }
  const out = process.stdout;
  out.write(`Usage from ${clockTime(usage.range.since)} to ${clockTime(usage.range.until)}, by ${options.by}\n\n`);
  if (usage.totals.requests === 0) {
    out.write('No requests in this range.\n');
    return;
  }
  const row = (label: string, totals: typeof usage.totals) => [
    label,
    formatNumber(totals.requests),
    formatNumber(totals.errors),
    formatNumber(totals.inputTokens),
    formatNumber(totals.outputTokens),
    formatNumber(totals.cachedTokens),
    totals.estimatedRequests > 0 ? formatNumber(totals.estimatedRequests) : '-',
    `${Math.round(totals.averageLatencyMs)} ms`,
  ];
  const rows = usage.rows.map((entry) => row(entry.bucketStart !== undefined ? `${clockTime(entry.bucketStart)}  ${entry.label}` : entry.label, entry));
  rows.push(row('total', usage.totals));
  out.write(`${table(['', 'REQUESTS', 'ERRORS', 'TOKENS IN', 'TOKENS OUT', 'CACHED', 'ESTIMATED', 'AVG LATENCY'], rows)}\n`);
  if (usage.totals.estimatedRequests > 0) out.write('\nESTIMATED: requests whose upstream gave no token counts; their tokens are estimates.\n');
}

export function registerUsageCommand(program: Command): void {
  program
    .command('usage')
    .description('requests and tokens from the usage ledger')
    .addOption(new Option('--by <dimension>', 'group by').choices(['provider', 'model', 'account', 'client']).default('provider'))
    .option('--since <when>', 'start of the range: 7d, 24h, 90m, 2w or a date', '7d')
    .addOption(new Option('--bucket <size>', 'also split by hour or day').choices(['hour', 'day']))
    .option('--json', 'print JSON')
    .action((options: UsageCommandOptions) => usageCommand(options));
}
