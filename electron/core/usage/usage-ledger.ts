/**
 * The usage ledger: one row per request in `$SWITCHYARD_HOME/usage.sqlite` (better-sqlite3, WAL).
 *
 * Durability: `append` queues the record and resolves once it is committed. Records queued during one
 * turn of the event loop are committed together in one transaction at `setImmediate` (group commit), so
 * the disk work is batched yet a request's record is committed before its response is allowed to end
 * (the pipeline waits on `append`). With WAL and `synchronous=NORMAL` a committed transaction survives
 * the process being killed (kill -9); only a power cut can lose the last commits.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { UsageRecord } from './usage-record.js';

export const usageLedgerFile = 'usage.sqlite';
const schemaVersion = 1;
const dayMs = 24 * 60 * 60 * 1000;
const pruneIntervalMs = 60 * 60 * 1000;

const createSchema = `
CREATE TABLE IF NOT EXISTS usage_records (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  route TEXT NOT NULL,
  client_format TEXT NOT NULL,
  provider_id TEXT,
  account_hash TEXT,
  model TEXT NOT NULL,
  served_model TEXT,
  stream INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error_code TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cached_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  estimated INTEGER NOT NULL,
  first_byte_ms REAL,
  latency_ms REAL NOT NULL,
  attempts INTEGER NOT NULL,
  fallback_used INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_records_time ON usage_records (time);
`;

/** The row as SQLite returns it. */
export interface UsageRow {
  time: number;
  request_id: string;
  route: string;
  client_format: string;
  provider_id: string | null;
  account_hash: string | null;
  model: string;
  served_model: string | null;
  stream: number;
  status: number;
  error_code: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  estimated: number;
  first_byte_ms: number | null;
  latency_ms: number;
  attempts: number;
  fallback_used: number;
}

export function rowToRecord(row: UsageRow): UsageRecord {
  const record: UsageRecord = {
    time: row.time,
    requestId: row.request_id,
    route: row.route,
    clientFormat: row.client_format,
    model: row.model,
    stream: row.stream === 1,
    status: row.status,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cachedTokens: row.cached_tokens,
    reasoningTokens: row.reasoning_tokens,
    estimated: row.estimated === 1,
    latencyMs: row.latency_ms,
    attempts: row.attempts,
    fallbackUsed: row.fallback_used === 1,
  };
  if (row.provider_id !== null) record.providerId = row.provider_id;
  if (row.account_hash !== null) record.accountHash = row.account_hash;
  if (row.served_model !== null) record.servedModel = row.served_model;
  if (row.error_code !== null) record.errorCode = row.error_code;
  if (row.first_byte_ms !== null) record.firstByteMs = row.first_byte_ms;
  return record;
}

export interface UsageLedgerOptions {
  home: string;
  /** Days of records kept; 0 keeps everything. */
  retentionDays: () => number;
  logger?: Logger;
  now?: () => number;
  /** Commit at once when this many records wait (default 500). */
  maxBatch?: number;
}

export class UsageLedger {
  readonly path: string;
  readonly database: Database.Database;
  private readonly insert: Database.Statement<[Record<string, unknown>]>;
  private readonly insertBatch: (records: UsageRecord[]) => void;
  private queue: UsageRecord[] = [];
  private waiters: Array<() => void> = [];
  private scheduled: NodeJS.Immediate | undefined;
  private lastPrune = 0;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: UsageLedgerOptions) {
    this.now = options.now ?? Date.now;
    this.path = join(options.home, usageLedgerFile);
    this.database = new Database(this.path);
    this.database.pragma('journal_mode = WAL');
    this.database.pragma('synchronous = NORMAL');
    this.database.pragma('busy_timeout = 2000');
    this.database.exec(createSchema);
    if (Number(this.database.pragma('user_version', { simple: true })) < schemaVersion) {
      this.database.pragma(`user_version = ${schemaVersion}`);
    }
    this.insert = this.database.prepare(`
      INSERT INTO usage_records (time, request_id, route, client_format, provider_id, account_hash, model, served_model, stream,
        status, error_code, input_tokens, output_tokens, cached_tokens, reasoning_tokens, estimated, first_byte_ms, latency_ms,
        attempts, fallback_used)
      VALUES (@time, @requestId, @route, @clientFormat, @providerId, @accountHash, @model, @servedModel, @stream,
        @status, @errorCode, @inputTokens, @outputTokens, @cachedTokens, @reasoningTokens, @estimated, @firstByteMs, @latencyMs,
        @attempts, @fallbackUsed)`);
    this.insertBatch = this.database.transaction((records: UsageRecord[]) => {
      for (const record of records) this.insert.run(toParameters(record));
    });
    this.prune();
  }

  /** Queue a record; resolves once it is committed (never rejects: a ledger failure is logged, not thrown at a client). */
  append(record: UsageRecord): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.queue.push(record);
    const committed = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.queue.length >= (this.options.maxBatch ?? 500)) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
    return committed;
  }

  /** Commit every queued record now, in one transaction. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const records = this.queue;
    const waiters = this.waiters;
    this.queue = [];
    this.waiters = [];
    if (records.length > 0 && !this.closed) {
      try {
        this.insertBatch(records);
      } catch (error) {
        this.options.logger?.error({ error: (error as Error).message, records: records.length }, 'could not write usage records');
      }
    }
    for (const resolve of waiters) resolve();
    if (this.now() - this.lastPrune > pruneIntervalMs) this.prune();
  }

  /** Delete records older than the retention setting; returns how many went. */
  prune(): number {
    this.lastPrune = this.now();
    const days = this.options.retentionDays();
    if (!(days > 0) || this.closed) return 0;
    return this.database.prepare('DELETE FROM usage_records WHERE time < ?').run(this.now() - days * dayMs).changes;
  }

  count(): number {
    return (this.database.prepare('SELECT COUNT(*) AS count FROM usage_records').get() as { count: number }).count;
  }

  /** Records of a range, oldest first. */
  records(since: number, until: number, limit = 1_000_000): UsageRecord[] {
    const rows = this.database
      .prepare('SELECT * FROM usage_records WHERE time >= ? AND time < ? ORDER BY time, id LIMIT ?')
      .all(since, until, limit) as UsageRow[];
    return rows.map(rowToRecord);
  }

  /** Commit what is queued, then close the database (stop and shutdown). */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.database.close();
  }
}

function toParameters(record: UsageRecord): Record<string, unknown> {
  return {
    time: Math.round(record.time),
    requestId: record.requestId,
    route: record.route,
    clientFormat: record.clientFormat,
    providerId: record.providerId ?? null,
    accountHash: record.accountHash ?? null,
    model: record.model,
    servedModel: record.servedModel ?? null,
    stream: record.stream ? 1 : 0,
    status: record.status,
    errorCode: record.errorCode ?? null,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cachedTokens: record.cachedTokens,
    reasoningTokens: record.reasoningTokens,
    estimated: record.estimated ? 1 : 0,
    firstByteMs: record.firstByteMs ?? null,
    latencyMs: record.latencyMs,
    attempts: record.attempts,
    fallbackUsed: record.fallbackUsed ? 1 : 0,
  };
}
