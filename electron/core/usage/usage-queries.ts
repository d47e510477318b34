/**
 * Aggregations over the ledger: totals, and rows grouped by provider / model / account / client,
 * optionally per hour or day. Every row carries the provider id and model a user recognises, and a label.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { usageDimensionSchema, usageRowSchema, usageTotalsSchema } from '../../../shared/contract.js';

export type UsageDimension = z.infer<typeof usageDimensionSchema>;
export type UsageBucket = 'hour' | 'day' | 'none';
export type UsageTotals = z.infer<typeof usageTotalsSchema>;
export type UsageAggregateRow = z.infer<typeof usageRowSchema>;

export interface UsageQuery {
  since: number;
  until: number;
  groupBy: UsageDimension[];
  bucket: UsageBucket;
  /** Offset of the reader's time zone: day buckets start at their local midnight. */
  utcOffsetMinutes: number;
}

const bucketSizeMs: Record<Exclude<UsageBucket, 'none'>, number> = { hour: 60 * 60 * 1000, day: 24 * 60 * 60 * 1000 };

/** The columns a dimension groups by: models and accounts are always shown with their provider. */
const dimensionColumns: Record<UsageDimension, string[]> = {
  provider: ['provider_id'],
  model: ['provider_id', 'model'],
  account: ['provider_id', 'account_hash'],
  client: ['client_format'],
};
const columnOrder = ['provider_id', 'model', 'account_hash', 'client_format'];

const aggregates = `
  COUNT(*) AS requests,
  COALESCE(SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END), 0) AS errors,
  COALESCE(SUM(input_tokens), 0) AS input_tokens,
  COALESCE(SUM(output_tokens), 0) AS output_tokens,
  COALESCE(SUM(cached_tokens), 0) AS cached_tokens,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoning_tokens,
  COALESCE(SUM(estimated), 0) AS estimated_requests,
  COALESCE(AVG(latency_ms), 0) AS average_latency_ms`;

interface AggregateSqlRow {
  bucket_start?: number;
  provider_id?: string | null;
  model?: string | null;
  account_hash?: string | null;
  client_format?: string | null;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  estimated_requests: number;
  average_latency_ms: number;
}

function totalsOf(row: AggregateSqlRow): UsageTotals {
  return {
    requests: row.requests,
    errors: row.errors,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    reasoningTokens: row.reasoning_tokens,
    estimatedRequests: row.estimated_requests,
    averageLatencyMs: Math.round(row.average_latency_ms * 100) / 100,
  };
}

export function groupColumns(groupBy: readonly UsageDimension[]): string[] {
  const wanted = new Set(groupBy.flatMap((dimension) => dimensionColumns[dimension]));
  return columnOrder.filter((column) => wanted.has(column));
}

export function queryUsageTotals(database: Database.Database, query: Pick<UsageQuery, 'since' | 'until'>): UsageTotals {
  const row = database.prepare(`SELECT ${aggregates} FROM usage_records WHERE time >= ? AND time < ?`).get(query.since, query.until);
  return totalsOf(row as AggregateSqlRow);
}

/**
 * Grouped rows, oldest bucket first, then the busiest group first.
 * `accountLabel` turns a hash back into the label of an account that is still connected.
 */
export function queryUsageRows(
  database: Database.Database,
  query: UsageQuery,
  accountLabel: (hash: string) => string | undefined = () => undefined,
): UsageAggregateRow[] {
  const columns = groupColumns(query.groupBy);
  const selected = [...columns];
  const grouped = [...columns];
  const parameters: Record<string, number> = { since: query.since, until: query.until };
  if (query.bucket !== 'none') {
    // Integer arithmetic in SQLite: shift into the reader's zone, floor to the bucket, shift back.
    parameters.size = bucketSizeMs[query.bucket];
    parameters.offset = query.utcOffsetMinutes * 60_000;
    // better-sqlite3 binds numbers as REAL: cast them, or the division would not floor.
    selected.unshift('(((time + CAST(@offset AS INTEGER)) / CAST(@size AS INTEGER)) * CAST(@size AS INTEGER) - CAST(@offset AS INTEGER)) AS bucket_start');
    grouped.unshift('bucket_start');
  }
  const sql = `SELECT ${[...selected, aggregates].join(', ')} FROM usage_records WHERE time >= @since AND time < @until
    ${grouped.length > 0 ? `GROUP BY ${grouped.join(', ')}` : ''}
    ORDER BY ${query.bucket !== 'none' ? 'bucket_start, ' : ''}requests DESC${columns.length > 0 ? `, ${columns.join(', ')}` : ''}`;
  const rows = database.prepare(sql).all(parameters) as AggregateSqlRow[];
  return rows.map((row) => toAggregateRow(row, columns, accountLabel));
}

function toAggregateRow(row: AggregateSqlRow, columns: string[], accountLabel: (hash: string) => string | undefined): UsageAggregateRow {
  const result: UsageAggregateRow = { ...totalsOf(row), label: '' };
  const parts: string[] = [];
  if (row.bucket_start !== undefined) result.bucketStart = row.bucket_start;
  if (columns.includes('provider_id')) {
    result.providerId = row.provider_id ?? undefined;
    parts.push(row.provider_id ?? '(not routed)');
  }
  if (columns.includes('model') && row.model !== undefined && row.model !== null) {
    result.model = row.model;
    parts.push(row.model || '(no model)');
  }
  if (columns.includes('account_hash')) {
    const hash = row.account_hash ?? undefined;
    result.accountHash = hash;
    const label = hash ? accountLabel(hash) : undefined;
    if (label) result.accountLabel = label;
    parts.push(label ?? (hash ? `account ${hash.slice(0, 8)}` : '(no account)'));
  }
  if (columns.includes('client_format') && row.client_format) {
    result.clientFormat = row.client_format;
    parts.push(row.client_format);
  }
  result.label = parts.length > 0 ? parts.join(' · ') : 'all requests';
  for (const key of Object.keys(result) as Array<keyof UsageAggregateRow>) if (result[key] === undefined) delete result[key];
  return result;
}
