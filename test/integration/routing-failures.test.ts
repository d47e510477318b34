/**
 * Issue 7's failure table, one test per row, with two accounts (`pool/`: a and b, each on its own
 * strict fake with its own key) and the fakes' fault knobs. Accounts, strategies, aliases and
 * fallbacks are in routing-accounts.test.ts; first-byte timeouts in routing-timeouts.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import type { Fault } from '../fakes/index.js';
import { explicitResetHeader } from '../helpers/multi-account-provider.js';
import { openStream, routingClients, sendAs, type RoutingClient } from '../helpers/routing-client-outcome.js';
import { poolModel, soloModel, startRoutingHarness, type RoutingHarness } from '../helpers/routing-harness.js';
import { freePort } from '../helpers/free-port.js';

let harness: RoutingHarness;
const messages = [{ role: 'user' as const, content: 'Say hello.' }];
const accountA = 'pool:a';
const accountB = 'pool:b';

beforeAll(async () => {
  harness = await startRoutingHarness();
});
afterAll(async () => {
  await harness?.stop();
});
beforeEach(async () => {
  await harness.reset();
});

function ask(model = poolModel) {
  return harness.openai.chat.completions.create({ model, messages });
}

async function askFailing(model = poolModel): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await ask(model).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

/** A loopback URL nothing listens on: a server is opened for a free port, then closed. */
/** A port nothing listens on (below the ephemeral range, so no parallel test's server is given it). */
async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

const rateLimited = (headers: Record<string, string>): Fault => ({ kind: 'status', status: 429, headers });

describe('429 / quota reached', () => {
  it('cools the account for retry-after, then the other account serves before the first byte', async () => {
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after': '7' }));
    const before = Date.now();
    const completion = await ask();
    const after = Date.now();
    expect(completion.choices[0].message.content).toBe('Answer from account b.');
    const cooldown = harness.gateway.switchyard.cooldowns.get(accountA);
    expect(cooldown?.until).toBeGreaterThanOrEqual(before + 7_000);
    expect(cooldown?.until).toBeLessThanOrEqual(after + 7_000);
    expect(harness.records.last()).toMatchObject({ accountId: accountB, attempts: 2, status: 200 });

    // While a cools, requests go straight to b (fill-first would pick a).
    await ask();
    expect(harness.fakes.a.requests).toHaveLength(1);
    expect(harness.fakes.b.requests).toHaveLength(2);
    const listed = await harness.management.ok<{ providers: Array<{ id: string; accounts: Array<{ id: string; status: string }> }> }>('listProviders', {});
    const pool = listed.providers.find((provider) => provider.id === 'pool');
    expect(pool?.accounts.find((account) => account.id === accountA)?.status).toBe('cooling-down');
  });

  it('answers 429 with retry-after in whole seconds until the first account frees up when every account cools', async () => {
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after': '40' }));
    harness.fakes.b.enqueueFault(rateLimited({ 'retry-after': '12' }));
    const error = await askFailing();
    expect(error.status).toBe(429);
    const seconds = error.headers?.get('retry-after') ?? '';
    expect(seconds).toMatch(/^\d+$/);
    expect(Number(seconds)).toBeGreaterThanOrEqual(11);
    expect(Number(seconds)).toBeLessThanOrEqual(12);
    expect(error.message).toContain('cooling down');

    // An Anthropic client gets the same in its own format, and no upstream is asked while both cool.
    const failure = await harness.anthropic.messages.create({ model: poolModel, max_tokens: 64, messages }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Anthropic.RateLimitError);
    const anthropicError = failure as InstanceType<typeof Anthropic.RateLimitError>;
    expect(anthropicError.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    expect(anthropicError.headers?.get('retry-after')).toMatch(/^(11|12)$/);
    expect(harness.upstreamRequests()).toBe(2);
  });

  it('never cools an account longer than the upstream stated', async () => {
    const { cooldowns } = harness.gateway.switchyard;
    // retry-after without an explicit reset: capped at 30 minutes.
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after': '7200' }));
    let before = Date.now();
    await ask();
    expect(cooldowns.get(accountA)?.until).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(cooldowns.get(accountA)?.until).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    // An explicit reset sooner than retry-after ends the cooldown exactly then.
    await cooldowns.clear(accountA);
    const soon = Date.now() + 5_000;
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after': '3600', [explicitResetHeader]: String(soon) }));
    await ask();
    expect(cooldowns.get(accountA)?.until).toBe(soon);

    // An explicit reset alone is used as stated, even beyond 30 minutes.
    await cooldowns.clear(accountA);
    const later = Date.now() + 2 * 3600_000;
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after': '', [explicitResetHeader]: String(later) }));
    await ask();
    expect(cooldowns.get(accountA)?.until).toBe(later);

    // A sub-second retry-after-ms is not rounded up into a longer cooldown.
    await cooldowns.clear(accountA);
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after-ms': '1500', 'retry-after': '' }));
    before = Date.now();
    await ask();
    const until = cooldowns.get(accountA)?.until ?? 0;
    expect(until).toBeGreaterThanOrEqual(before + 1_500);
    expect(until).toBeLessThanOrEqual(Date.now() + 1_500);
  });
});

describe('401', () => {
  // The single-flight refresh and one retry live inside the OAuth providers' executors; claude-requests.test.ts and
  // chatgpt-requests.test.ts drive them against their fakes. Here: what routing does once a 401 stands.
  it('moves to the other account, and the account that needs a new login is skipped afterwards', async () => {
    harness.pool.setSentKey('a', 'sk-revoked-key');
    const completion = await ask();
    expect(completion.choices[0].message.content).toBe('Answer from account b.');
    expect(harness.fakes.a.requests).toHaveLength(1);
    expect(harness.pool.status('a')).toBe('needs-relogin');
    expect(harness.records.last()).toMatchObject({ accountId: accountB, attempts: 2, status: 200 });

    await ask();
    expect(harness.fakes.a.requests).toHaveLength(1);
    expect(harness.fakes.b.requests).toHaveLength(2);
  });
});

const beforeFirstByte: Array<{ label: string; fault: Fault }> = [
  { label: '500', fault: { kind: 'status', status: 500 } },
  { label: '529', fault: { kind: 'status', status: 529 } },
  { label: 'a dropped connection', fault: { kind: 'drop' } },
];

describe('5xx, 529, connect error before the first byte', () => {
  it.each(beforeFirstByte)('$label: the other account serves, and nothing cools', async ({ fault }) => {
    harness.fakes.a.enqueueFault(fault);
    const completion = await ask();
    expect(completion.choices[0].message.content).toBe('Answer from account b.');
    expect(harness.fakes.a.requests).toHaveLength(1);
    expect(harness.fakes.b.requests).toHaveLength(1);
    expect(harness.gateway.switchyard.cooldowns.get(accountA)).toBeUndefined();
    expect(harness.records.last()).toMatchObject({ accountId: accountB, attempts: 2, status: 200 });
  });

  it.each(beforeFirstByte)('$label on the only account: one retry on the same account', async ({ fault }) => {
    harness.fakes.solo.enqueueFault(fault);
    const completion = await ask(soloModel);
    expect(completion.choices[0].message.content).toBe('Answer from the solo account.');
    expect(harness.fakes.solo.requests).toHaveLength(2);
  });

  it('a refused connection: the other account serves', async () => {
    harness.pool.setBaseUrl('a', await closedPortUrl());
    const completion = await ask();
    expect(completion.choices[0].message.content).toBe('Answer from account b.');
    expect(harness.records.last()).toMatchObject({ accountId: accountB, attempts: 2 });
  });

  it('a non-streamed answer whose body breaks off: the other account serves, since nothing reached the client', async () => {
    harness.fakes.a.enqueueFault({ kind: 'cut', afterChunks: 1 });
    const completion = await ask();
    expect(completion.choices[0].message.content).toBe('Answer from account b.');
    expect(harness.records.last()).toMatchObject({ accountId: accountB, attempts: 2, status: 200 });
  });

  it('retries the only account once, then reports its 5xx', async () => {
    harness.gateway.switchyard.settings.update({ retryBudget: 5 });
    harness.fakes.solo.setFault({ kind: 'status', status: 503 });
    const error = await askFailing(soloModel);
    expect(error.status).toBe(503);
    expect(harness.fakes.solo.requests).toHaveLength(2);
  });

  it('never reports a 5xx as 429', async () => {
    // a cools, b fails twice with 500: the client sees the 500.
    harness.fakes.a.enqueueFault(rateLimited({ 'retry-after': '30' }));
    harness.fakes.b.setFault({ kind: 'status', status: 500 });
    let error = await askFailing();
    expect(error.status).toBe(500);
    expect(error.headers?.get('retry-after')).toBeNull();

    // a fails with 500, b cools: still the 500, not a 429 that would make the client wait for b.
    await harness.reset();
    harness.fakes.a.setFault({ kind: 'status', status: 500 });
    harness.fakes.b.enqueueFault(rateLimited({ 'retry-after': '30' }));
    error = await askFailing();
    expect(error.status).toBe(500);
  });
});

const streamTerminators: Record<RoutingClient, string> = { chat: '[DONE]', messages: 'message_stop', responses: 'response.completed' };

describe('failure after the first byte', () => {
  it.each(routingClients)('%s client: an in-band error ends the stream, and nothing is retried', async (client) => {
    harness.fakes.a.setDefaultReply({ text: 'one two three four five six seven', chunkCount: 7 });
    harness.fakes.a.enqueueFault({ kind: 'cut', afterChunks: 4 });
    const outcome = await sendAs(harness.gateway.url, harness.gateway.clientKey, client, { model: poolModel, stream: true });
    expect(outcome.status).toBe(200);
    expect(outcome.errors, outcome.raw).toBe(1);
    expect(outcome.completions, outcome.raw).toBe(0);
    expect(outcome.raw).not.toContain(streamTerminators[client]);
    expect(outcome.malformed).toEqual([]);
    expect(outcome.text.length).toBeGreaterThan(0);
    expect('one two three four five six seven'.startsWith(outcome.text)).toBe(true);
    expect(harness.fakes.a.requests).toHaveLength(1);
    expect(harness.fakes.b.requests).toHaveLength(0);
    expect(harness.records.last()).toMatchObject({ accountId: accountA, attempts: 1, errorCode: 'stream_interrupted' });
  });

  it('an upstream error event mid-stream reaches the client in-band, once', async () => {
    harness.fakes.a.enqueue({ text: 'partial answer', midStreamError: { type: 'server_error', message: 'The model crashed.' } });
    const outcome = await sendAs(harness.gateway.url, harness.gateway.clientKey, 'messages', { model: poolModel, stream: true });
    expect(outcome).toMatchObject({ status: 200, errors: 1, completions: 0, text: 'partial answer', malformed: [] });
    expect(harness.fakes.b.requests).toHaveLength(0);
  });
});

describe('client disconnects', () => {
  it.each(['chat', 'messages'] as const)('%s client: the upstream request is aborted and the usage seen so far recorded', async (client) => {
    harness.fakes.a.setDefaultReply({ text: 'one two three four five six seven', chunkCount: 7 });
    harness.fakes.a.enqueueFault({ kind: 'stall', afterChunks: 4 });
    const abort = new AbortController();
    const reply = await openStream(harness.gateway.url, harness.gateway.clientKey, client, { model: poolModel, signal: abort.signal });
    let seen = '';
    for await (const chunk of reply.body) {
      seen += String(chunk);
      if (seen.includes('one')) break;
    }
    abort.abort();
    await harness.fakes.a.onRequestClosed(0);
    const [record] = await harness.records.waitFor(1);
    expect(record).toMatchObject({ clientAborted: true, accountId: accountA, errorCode: 'client_aborted' });
    expect(record.usage?.outputTokens).toBeGreaterThan(0);
    expect(harness.fakes.b.requests).toHaveLength(0);
  });
});

describe('x-should-retry and the retry budget', () => {
  it('forwards the upstream x-should-retry', async () => {
    harness.fakes.solo.enqueueFault({ kind: 'status', status: 400, headers: { 'x-should-retry': 'false' } });
    const refused = await askFailing(soloModel);
    expect(refused.status).toBe(400);
    expect(refused.headers?.get('x-should-retry')).toBe('false');
    expect(harness.fakes.solo.requests).toHaveLength(1);

    harness.fakes.a.setFault({ kind: 'status', status: 500, headers: { 'x-should-retry': 'true' } });
    harness.fakes.b.setFault({ kind: 'status', status: 500, headers: { 'x-should-retry': 'true' } });
    const failed = await askFailing();
    expect(failed.headers?.get('x-should-retry')).toBe('true');
  });

  it.each([1, 2, 3, 5])('makes at most retryBudget=%i upstream attempts', async (budget) => {
    harness.gateway.switchyard.settings.update({ retryBudget: budget });
    harness.fakes.a.setFault({ kind: 'status', status: 500 });
    harness.fakes.b.setFault({ kind: 'status', status: 500 });
    const error = await askFailing();
    expect(error.status).toBe(500);
    // Two accounts: a once, b once, then one retry on b (the last account); never more than the budget.
    expect(harness.upstreamRequests()).toBe(Math.min(budget, 3));
    expect(harness.records.last().attempts).toBe(Math.min(budget, 3));
  });
});
