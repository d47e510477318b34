import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageLedger } from './usage-ledger.js';
import { queryUsageRows, queryUsageTotals } from './usage-queries.js';
import { usageToCsv, usageToJson } from './usage-export.js';
import type { UsageRecord } from './usage-record.js';

const homes: string[] = [];
const ledgers: UsageLedger[] = [];
function openLedger(home = mkdtempSync(join(tmpdir(), 'switchyard-usage-')), retentionDays = 0, now = Date.now): UsageLedger {
  if (!homes.includes(home)) homes.push(home);
  const ledger = new UsageLedger({ home, retentionDays: () => retentionDays, now });
  ledgers.push(ledger);
  return ledger;
}
afterEach(() => {
  for (const ledger of ledgers.splice(0)) ledger.close();
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

const hour = 60 * 60 * 1000;
const day = 24 * hour;
// 2026-03-02T00:00:00Z, a Monday.
const base = Date.UTC(2026, 2, 2);

function record(overrides: Partial<UsageRecord>): UsageRecord {
  return {
    time: base,
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    route: '/v1/chat/completions',
    clientFormat: 'openai-chat',
    providerId: 'claude',
    accountHash: 'aaaaaaaaaaaaaaaa',
    model: 'claude-sonnet-4-5',
    servedModel: 'claude-sonnet-4-5',
    stream: false,
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    cachedTokens: 0,
    reasoningTokens: 0,
    estimated: false,
    latencyMs: 100,
    attempts: 1,
    fallbackUsed: false,
    ...overrides,
  };
}

/** A known set: two providers, three models, two accounts, two clients, over two days. */
const known: UsageRecord[] = [
  record({ time: base + 1 * hour, inputTokens: 100, outputTokens: 50, cachedTokens: 20, latencyMs: 200 }),
  record({ time: base + 1 * hour + 5, inputTokens: 10, outputTokens: 5, accountHash: 'bbbbbbbbbbbbbbbb', latencyMs: 100 }),
  record({ time: base + 2 * hour, model: 'claude-haiku-4-5', servedModel: 'claude-haiku-4-5', status: 429, errorCode: 'rate_limited', inputTokens: 0, outputTokens: 0, latencyMs: 30 }),
  record({ time: base + 1 * day + 3 * hour, providerId: 'openai-compatible', accountHash: 'cccccccccccccccc', model: 'local/llama3.2', servedModel: 'llama3.2', clientFormat: 'anthropic-messages', route: '/v1/messages', inputTokens: 7, outputTokens: 3, estimated: true, reasoningTokens: 2, latencyMs: 50 }),
  record({ time: base + 1 * day + 4 * hour, clientFormat: 'anthropic-messages', route: '/v1/messages', inputTokens: 1, outputTokens: 1, stream: true, latencyMs: 20 }),
];

async function seeded(): Promise<UsageLedger> {
  const ledger = openLedger();
  await Promise.all(known.map((entry) => ledger.append(entry)));
  return ledger;
}

describe('usage ledger', () => {
  it('commits appended records and reads them back after reopening', async () => {
    const ledger = await seeded();
    expect(ledger.count()).toBe(known.length);
    const home = homes[0];
    ledger.close();
    const reopened = openLedger(home);
    const records = reopened.records(0, Number.MAX_SAFE_INTEGER);
    expect(records).toEqual([...known].sort((left, right) => left.time - right.time));
  });

  it('commits records queued in one event-loop turn in one batch, and resolves every waiter', async () => {
    const ledger = openLedger();
    const pending = Array.from({ length: 1200 }, (_, index) => ledger.append(record({ time: base + index })));
    await Promise.all(pending);
    expect(ledger.count()).toBe(1200);
  });

  it('totals a range', async () => {
    const ledger = await seeded();
    expect(queryUsageTotals(ledger.database, { since: base, until: base + 2 * day })).toEqual({
      requests: 5,
      errors: 1,
      inputTokens: 118,
      outputTokens: 59,
      cachedTokens: 20,
      reasoningTokens: 2,
      estimatedRequests: 1,
      averageLatencyMs: 80,
    });
    expect(queryUsageTotals(ledger.database, { since: base + day, until: base + 2 * day }).requests).toBe(2);
  });

  it('groups by provider, by model (labelled with the provider) and by client', async () => {
    const ledger = await seeded();
    const range = { since: base, until: base + 2 * day, bucket: 'none' as const, utcOffsetMinutes: 0 };
    const byProvider = queryUsageRows(ledger.database, { ...range, groupBy: ['provider'] });
    expect(byProvider.map((row) => [row.label, row.requests, row.inputTokens])).toEqual([
      ['claude', 4, 111],
      ['openai-compatible', 1, 7],
    ]);
    const byModel = queryUsageRows(ledger.database, { ...range, groupBy: ['model'] });
    expect(byModel.map((row) => [row.providerId, row.model, row.label, row.requests, row.errors])).toEqual([
      ['claude', 'claude-sonnet-4-5', 'claude · claude-sonnet-4-5', 3, 0],
      ['claude', 'claude-haiku-4-5', 'claude · claude-haiku-4-5', 1, 1],
      ['openai-compatible', 'local/llama3.2', 'openai-compatible · local/llama3.2', 1, 0],
    ]);
    const byClient = queryUsageRows(ledger.database, { ...range, groupBy: ['client'] });
    expect(byClient.map((row) => [row.label, row.requests])).toEqual([
      ['openai-chat', 3],
      ['anthropic-messages', 2],
    ]);
  });

  it('groups by account, showing the label of accounts still connected', async () => {
    const ledger = await seeded();
    const rows = queryUsageRows(
      ledger.database,
      { since: base, until: base + 2 * day, bucket: 'none', utcOffsetMinutes: 0, groupBy: ['account'] },
      (hash) => (hash === 'aaaaaaaaaaaaaaaa' ? 'me@example.com' : undefined),
    );
    expect(rows.map((row) => [row.providerId, row.accountHash, row.label, row.requests])).toEqual([
      ['claude', 'aaaaaaaaaaaaaaaa', 'claude · me@example.com', 3],
      ['claude', 'bbbbbbbbbbbbbbbb', 'claude · account bbbbbbbb', 1],
      ['openai-compatible', 'cccccccccccccccc', 'openai-compatible · account cccccccc', 1],
    ]);
  });

  it('makes hourly and daily series, with days starting at the reader’s midnight', async () => {
    const ledger = await seeded();
    const range = { since: base, until: base + 2 * day, groupBy: ['provider' as const] };
    const hourly = queryUsageRows(ledger.database, { ...range, bucket: 'hour', utcOffsetMinutes: 0 });
    expect(hourly.map((row) => [row.bucketStart! - base, row.label, row.requests])).toEqual([
      [1 * hour, 'claude', 2],
      [2 * hour, 'claude', 1],
      [day + 3 * hour, 'openai-compatible', 1],
      [day + 4 * hour, 'claude', 1],
    ]);
    const daily = queryUsageRows(ledger.database, { ...range, groupBy: [], bucket: 'day', utcOffsetMinutes: 0 });
    expect(daily.map((row) => [row.bucketStart! - base, row.label, row.requests])).toEqual([
      [0, 'all requests', 3],
      [day, 'all requests', 2],
    ]);
    // At UTC-02:00 local days start at 02:00 UTC: the two requests of 01:00 UTC fall on the previous day.
    const shifted = queryUsageRows(ledger.database, { ...range, groupBy: [], bucket: 'day', utcOffsetMinutes: -120 });
    expect(shifted.map((row) => [row.bucketStart! - base, row.requests])).toEqual([
      [-day + 2 * hour, 2],
      [2 * hour, 1],
      [day + 2 * hour, 2],
    ]);
  });

  it('exports CSV and JSON, quoting what needs quoting and defusing formulas', async () => {
    const ledger = await seeded();
    await ledger.append(record({ time: base + 5, model: '=cmd|"x",y', requestId: 'odd' }));
    const records = ledger.records(base, base + 2 * day);
    const csv = usageToCsv(records);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'time,requestId,route,clientFormat,providerId,accountHash,model,servedModel,stream,status,errorCode,inputTokens,outputTokens,cachedTokens,reasoningTokens,estimated,firstByteMs,latencyMs,attempts,fallbackUsed',
    );
    expect(lines).toHaveLength(records.length + 1);
    expect(lines[1]).toContain(`2026-03-02T00:00:00.005Z,odd,`);
    expect(lines[1]).toContain(`"'=cmd|""x"",y"`);
    expect(JSON.parse(usageToJson(records))).toEqual(records);
  });

  it('drops records older than the retention setting', async () => {
    const now = base + 10 * day;
    const ledger = openLedger(undefined, 3, () => now);
    await ledger.append(record({ time: now - 5 * day }));
    await ledger.append(record({ time: now - 1 * day }));
    expect(ledger.prune()).toBe(1);
    expect(ledger.count()).toBe(1);
  });

  it('stores a hash for the account, never an email or a token', async () => {
    const ledger = await seeded();
    ledger.close();
    const bytes = readFileSync(ledger.path);
    expect(bytes.includes(Buffer.from('@example.com'))).toBe(false);
  });
});
