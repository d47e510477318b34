/** Plain-text output for the CLI: tables, times, durations, quota windows; `--json` prints values as they are. */
import type { AccountSummary, QuotaWindow } from '../../shared/domain.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  const sameDay = new Date().toDateString() === date.toDateString();
  const time = date.toTimeString().slice(0, 5);
  return sameDay ? time : `${date.toISOString().slice(0, 10)} ${time}`;
}

export function humanDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function quotaText(windows: QuotaWindow[] | undefined): string {
  if (!windows?.length) return '-';
  return windows
    .map((window) => {
      const used = window.usedFraction === undefined ? '?' : `${Math.round(window.usedFraction * 100)}%`;
      const reset = window.resetsAt ? ` (resets ${clockTime(window.resetsAt)})` : '';
      return `${window.name} ${used}${reset}`;
    })
    .join(', ');
}

export function cooldownText(account: AccountSummary, now = Date.now()): string {
  return account.cooldownUntil && account.cooldownUntil > now ? `until ${clockTime(account.cooldownUntil)} (${humanDuration(account.cooldownUntil - now)})` : '-';
}

export function statusText(account: AccountSummary): string {
  return account.status === 'needs-relogin' ? 'needs re-login' : account.status === 'cooling-down' ? 'cooling down' : account.status;
}

/** `7d`, `24h`, `90m`, `2w`, or a date: the start of a range, epoch ms. */
export function parseSince(text: string, now = Date.now()): number {
  const match = /^(\d+)\s*(m|h|d|w)$/i.exec(text.trim());
  if (match) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2].toLowerCase() as 'm' | 'h' | 'd' | 'w'];
    return now - Number(match[1]) * unit;
  }
  const date = Date.parse(text);
  if (Number.isNaN(date)) throw new Error(`--since "${text}" is neither a duration (7d, 24h, 90m, 2w) nor a date.`);
  return date;
}

export function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}
