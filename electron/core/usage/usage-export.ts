/** The ledger's records as CSV (one header row, RFC 4180 quoting) or JSON text. */
import type { UsageRecord } from './usage-record.js';

export const usageCsvColumns: ReadonlyArray<keyof UsageRecord> = [
  'time',
  'requestId',
  'route',
  'clientFormat',
  'providerId',
  'accountHash',
  'model',
  'servedModel',
  'stream',
  'status',
  'errorCode',
  'inputTokens',
  'outputTokens',
  'cachedTokens',
  'reasoningTokens',
  'estimated',
  'firstByteMs',
  'latencyMs',
  'attempts',
  'fallbackUsed',
];

function csvCell(value: unknown, column: keyof UsageRecord): string {
  if (value === undefined || value === null) return '';
  let text = column === 'time' && typeof value === 'number' ? new Date(value).toISOString() : String(value);
  // A client-chosen model name must not run as a spreadsheet formula.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function usageToCsv(records: readonly UsageRecord[]): string {
  const lines = [usageCsvColumns.join(',')];
  for (const record of records) lines.push(usageCsvColumns.map((column) => csvCell(record[column], column)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function usageToJson(records: readonly UsageRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
