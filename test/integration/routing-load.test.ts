/**
 * Issue 7's load test: 200 concurrent streams over 3 accounts (each its own fake), with about 10% of
 * the upstream answers faulted (429, 500, cut, stall) at seeded positions. Counts only, no timings:
 * every request ends as a complete answer, a well-formed error, or (stalls) a client abort; no answer
 * repeats another's text or its own; the usage records equal the requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault, FakeReply } from '../fakes/index.js';
import { routingClients, sendAs, type ClientOutcome } from '../helpers/routing-client-outcome.js';
import { startPoolGateway, type PoolGateway } from '../helpers/routing-harness.js';

const requestCount = 200;
const names = ['a', 'b', 'c'];
/** More upstream answers per account than the requests could ever use (200 requests × a budget of 3). */
const slotsPerAccount = requestCount * 3;
const faultRate = 0.1;

/** mulberry32: a small seeded PRNG, so the same upstream positions are faulted on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The 429s ask for no wait (`retry-after: 0`): the request moves to the next account and the account stays in
 * rotation, so the 200 streams keep reaching the upstreams. A longer wait would rightly cool all three accounts
 * and turn the rest into quick 429s (routing-failures.test.ts covers that path).
 */
const faultKinds: Fault[] = [
  { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
  { kind: 'status', status: 500 },
  { kind: 'cut', afterChunks: 3 },
  { kind: 'stall', afterChunks: 2 },
];

let setup: PoolGateway;
const faultsByAccount = new Map<string, Fault[]>();

beforeAll(async () => {
  setup = await startPoolGateway('load', names);
  setup.gateway.switchyard.settings.update({ routingStrategy: { load: 'round-robin' }, retryBudget: 3, retryBackoffMs: 0 });
  const random = seededRandom(7);
  for (const name of names) {
    const fake = setup.fakes[name];
    const replies: FakeReply[] = [];
    const faults: Fault[] = [];
    for (let slot = 0; slot < slotsPerAccount; slot++) {
      replies.push({ text: `${name}-${slot} streams one unique answer here.` });
      const faulted = random() < faultRate;
      const fault = faulted ? faultKinds[Math.floor(random() * faultKinds.length)] : { kind: 'latency' as const, ms: 0 };
      faults.push(fault);
    }
    fake.enqueue(...replies);
    fake.enqueueFault(...faults);
    faultsByAccount.set(name, faults);
  }
});
afterAll(async () => {
  await setup?.stop();
});

/** The faults the upstreams have applied so far (the i-th request to a fake takes its i-th fault). */
function faultsUsed(): Fault[] {
  return names.flatMap((name) => (faultsByAccount.get(name) ?? []).slice(0, setup.fakes[name].requests.length));
}

/** Requests stalled upstream so far: each client request can meet at most one stall (it ends the attempt loop). */
function stalledSoFar(): number {
  return faultsUsed().filter((fault) => fault.kind === 'stall').length;
}

describe('200 concurrent streams over 3 accounts with injected faults', () => {
  it('ends every request once, with no duplicated text, and records each one', async () => {
    const aborts = Array.from({ length: requestCount }, () => new AbortController());
    const settled: Array<ClientOutcome | 'aborted'> = [];
    let finished = 0;
    let onFinish: () => void = () => undefined;
    const requests = aborts.map(async (abort, index) => {
      const client = routingClients[index % routingClients.length];
      try {
        settled[index] = await sendAs(setup.gateway.url, setup.gateway.clientKey, client, { model: setup.model, stream: true, signal: abort.signal });
      } catch (error) {
        if (!abort.signal.aborted) throw error;
        settled[index] = 'aborted';
      }
      finished += 1;
      onFinish();
    });
    // Stalled streams never end by themselves: once everything else has finished, their clients leave.
    // Progress is a request finishing or an upstream receiving one (which may be a stall).
    while (finished + stalledSoFar() < requestCount) {
      await Promise.race([
        new Promise<void>((resolve) => (onFinish = resolve)),
        ...names.map((name) => setup.fakes[name].waitForRequests(setup.fakes[name].requests.length + 1)),
      ]);
    }
    const stalled = stalledSoFar();
    for (const abort of aborts) abort.abort();
    await Promise.all(requests);

    // Every kind of fault was met along the way.
    const kindsUsed = new Set(faultsUsed().map((fault) => (fault.kind === 'status' ? String(fault.status) : fault.kind)));
    expect([...kindsUsed].sort()).toEqual(['429', '500', 'cut', 'latency', 'stall']);

    const outcomes = settled.filter((entry): entry is ClientOutcome => entry !== 'aborted');
    const answers = outcomes.filter((outcome) => outcome.completions === 1);
    const errors = outcomes.filter((outcome) => outcome.errors === 1);
    expect(settled.filter((entry) => entry === 'aborted')).toHaveLength(stalled);
    expect(answers.length + errors.length + stalled).toBe(requestCount);
    expect(outcomes.filter((outcome) => outcome.completions + outcome.errors !== 1)).toEqual([]);
    expect(outcomes.flatMap((outcome) => outcome.malformed)).toEqual([]);

    // Answers are complete upstream replies, each served once; a broken stream shows a prefix of one reply only.
    const replyOf = (text: string) => `${text.split(' ')[0]} streams one unique answer here.`;
    for (const answer of answers) expect(answer.text).toMatch(/^[abc]-\d+ streams one unique answer here\.$/);
    const broken = errors.filter((error) => error.text.length > 0);
    for (const error of broken) expect(replyOf(error.text).startsWith(error.text), error.text).toBe(true);
    const shown = [...answers, ...broken].map((outcome) => replyOf(outcome.text));
    expect(new Set(shown).size).toBe(shown.length);

    // Errors are well formed: in-band after a cut, or a 429 with a whole-second retry-after, or a 5xx, never a 5xx as 429.
    for (const error of errors.filter((outcome) => outcome.status === 429)) expect(String(error.headers['retry-after'])).toMatch(/^\d+$/);
    expect(errors.every((outcome) => outcome.status === 200 || outcome.status === 429 || outcome.status >= 500)).toBe(true);

    // One usage record per request, in the request log and in the ledger.
    const records = await setup.records.waitFor(requestCount);
    expect(records).toHaveLength(requestCount);
    expect(records.filter((record) => record.clientAborted)).toHaveLength(stalled);
    setup.gateway.switchyard.operations.ledger.flush();
    expect(setup.gateway.switchyard.operations.ledger.count()).toBe(requestCount);
    expect(records.every((record) => record.attempts <= 3)).toBe(true);
    // Faults before the first byte were cured on another account: most requests got their answer.
    expect(answers.length).toBeGreaterThan(requestCount / 2);
  });
});
