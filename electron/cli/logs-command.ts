/** `switchyard logs [-f]`: recent log lines from the live buffer, then (with -f) new ones as they happen. */
import { Option, type Command } from 'commander';
import type { z } from 'zod';
import { logLevelRank, logLevelSchema, type logEntrySchema } from '../../shared/contract.js';
import { connect } from './cli-context.js';

type LogEntry = z.infer<typeof logEntrySchema>;
type LogLevel = z.infer<typeof logLevelSchema>;

export interface LogsCommandOptions {
  follow?: boolean;
  lines: string;
  level?: LogLevel;
  json?: boolean;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

export function formatLogEntry(entry: LogEntry): string {
  const time = new Date(entry.time).toISOString().slice(11, 23);
  const fields = Object.entries(entry.fields)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${fieldText(value)}`)
    .join(' ');
  return `${time} ${entry.level.toUpperCase().padEnd(5)} ${entry.message}${fields ? ` ${fields}` : ''}`;
}

export async function logsCommand(options: LogsCommandOptions): Promise<void> {
  const client = await connect();
  const limit = Number(options.lines);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--lines must be a positive whole number (got "${options.lines}").`);
  const print = (entry: LogEntry) => process.stdout.write(`${options.json ? JSON.stringify(entry) : formatLogEntry(entry)}\n`);
  const recent = await client.api.listLogs({ limit: Math.min(limit, 2_000), level: options.level });
  let lastSeq = recent.entries.at(-1)?.seq ?? recent.lastSeq;
  recent.entries.forEach(print);
  if (!options.follow) return;

  // Lines logged between the first read and the stream opening are fetched (and printed) once it is open.
  const minimum = options.level ? logLevelRank[options.level] : 0;
  const printNew = (entry: LogEntry) => {
    if (entry.seq <= lastSeq || logLevelRank[entry.level] < minimum) return;
    lastSeq = entry.seq;
    print(entry);
  };
  let gap: Promise<void> = Promise.resolve();
  const onOpen = () => {
    gap = client.api.listLogs({ afterSeq: lastSeq, limit: 2_000, level: options.level }).then((page) => page.entries.forEach(printNew));
  };
  for await (const event of client.events({ types: ['log'], onOpen })) {
    await gap;
    if (event.type === 'log') printNew(event.data);
  }
  await gap;
  process.stderr.write('Switchyard stopped; the log stream ended.\n');
}

export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('recent log lines; -f follows new ones')
    .option('-f, --follow', 'keep printing new lines as they happen')
    .option('-n, --lines <count>', 'how many recent lines', '50')
    .addOption(new Option('--level <level>', 'only this level and above').choices(logLevelSchema.options))
    .option('--json', 'one JSON object per line')
    .action((options: LogsCommandOptions) => logsCommand(options));
}
