/**
 * Issue 7's invariants over random fault sequences: for each of 2-3 accounts, what its upstream does
 * on each attempt (ok, 429 with retry-after n, 500, 529, a dropped connection, a cut after k frames),
 * then one request from a Chat, Anthropic or Responses client, streaming or not, under a random retry
 * budget and strategy. Every request must end in exactly one complete answer or exactly one error in
 * the client's format; no text is sent twice (the answer is one upstream reply's text); upstream
 * attempts stay within the budget; no cooldown outlives the upstream's stated reset; and a 429 reaches
 * the client only when every upstream answer was a 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Fault } from '../fakes/index.js';
import { routingClients, sendAs } from '../helpers/routing-client-outcome.js';
import { startPoolGateway, type PoolGateway } from '../helpers/routing-harness.js';

const numRuns = 40;
const names = ['a', 'b', 'c'];

type UpstreamOutcome =
  | { kind: 'ok' }
  /** `retry-after` in whole seconds, or `retry-after-ms` (sub-second precision must not round a cooldown up). */
  | { kind: 'rate-limited'; waitMs: number; header: 'retry-after' | 'retry-after-ms' }
  | { kind: 'status'; status: 500 | 529 }
  | { kind: 'drop' }
  | { kind: 'cut'; afterChunks: number };

const outcomeArbitrary: fc.Arbitrary<UpstreamOutcome> = fc.oneof(
  fc.constant<UpstreamOutcome>({ kind: 'ok' }),
  fc.integer({ min: 1, max: 600 }).map((seconds): UpstreamOutcome => ({ kind: 'rate-limited', waitMs: seconds * 1000, header: 'retry-after' })),
  fc.integer({ min: 1, max: 90_000 }).map((waitMs): UpstreamOutcome => ({ kind: 'rate-limited', waitMs, header: 'retry-after-ms' })),
  fc.constantFrom<UpstreamOutcome>({ kind: 'status', status: 500 }, { kind: 'status', status: 529 }, { kind: 'drop' }),
  fc.integer({ min: 0, max: 7 }).map((afterChunks): UpstreamOutcome => ({ kind: 'cut', afterChunks })),
);

const scenarioArbitrary = fc.record({
  accountCount: fc.constantFrom(2, 3),
  outcomes: fc.array(fc.array(outcomeArbitrary, { maxLength: 4 }), { minLength: 3, maxLength: 3 }),
  client: fc.constantFrom(...routingClients),
  stream: fc.boolean(),
  budget: fc.integer({ min: 1, max: 5 }),
  strategy: fc.constantFrom('fill-first' as const, 'round-robin' as const, 'priority' as const),
});

function toFault(outcome: UpstreamOutcome): Fault {
  switch (outcome.kind) {
    case 'ok':
      // No fault for this attempt; a zero delay keeps its place in the fault queue.
      return { kind: 'latency', ms: 0 };
    case 'rate-limited':
      return {
        kind: 'status',
        status: 429,
        headers: outcome.header === 'retry-after' ? { 'retry-after': String(outcome.waitMs / 1000) } : { 'retry-after-ms': String(outcome.waitMs), 'retry-after': '' },
      };
    case 'status':
      return { kind: 'status', status: outcome.status };
    case 'drop':
      return { kind: 'drop' };
    case 'cut':
      return { kind: 'cut', afterChunks: outcome.afterChunks };
  }
}

/** Every reply text is unique, so the text a client saw names the one upstream reply it came from. */
const replyText = (name: string, attempt: number) => `${name}${attempt} alpha beta gamma delta epsilon.`;
const defaultText = (name: string) => `${name}-default alpha beta gamma delta epsilon.`;

let setup: PoolGateway;
/** Every cooldown routing set, as set (a very short one may already be over when the request returns). */
const cooldownsSet = new Map<string, number>();

beforeAll(async () => {
  setup = await startPoolGateway('trio', names, {});
  setup.gateway.switchyard.settings.update({ retryBackoffMs: 0 });
  setup.gateway.switchyard.cooldowns.onChange((accountId, cooldown) => {
    if (cooldown) cooldownsSet.set(accountId, cooldown.until);
  });
});
afterAll(async () => {
  await setup?.stop();
});

describe('routing invariants over random fault sequences', () => {
  it('one answer or one error, no repeated text, attempts within budget, cooldowns within the stated reset', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        await setup.reset();
        cooldownsSet.clear();
        const active = names.slice(0, scenario.accountCount);
        if (scenario.accountCount < names.length) setup.pool.setEnabled('c', false);
        setup.gateway.switchyard.settings.update({
          retryBudget: scenario.budget,
          routingStrategy: { trio: scenario.strategy },
          accountPriority: { 'trio:c': 3, 'trio:b': 2 },
        });
        for (const [index, name] of names.entries()) {
          const fake = setup.fakes[name];
          fake.setDefaultReply({ text: defaultText(name) });
          fake.enqueue(...scenario.outcomes[index].map((_, attempt) => ({ text: replyText(name, attempt) })));
          fake.enqueueFault(...scenario.outcomes[index].map(toFault));
        }

        const started = Date.now();
        const outcome = await sendAs(setup.gateway.url, setup.gateway.clientKey, scenario.client, { model: setup.model, stream: scenario.stream });
        const ended = Date.now();
        const [record] = await setup.records.waitFor(1);

        // Exactly one complete answer or exactly one error, in the client's format.
        expect(outcome.malformed, outcome.raw).toEqual([]);
        expect(outcome.completions + outcome.errors, outcome.raw).toBe(1);

        // What each account's upstream was asked and answered.
        const consumed = active.map((name) => ({ name, outcomes: scenario.outcomes[names.indexOf(name)].slice(0, setup.fakes[name].requests.length), count: setup.fakes[name].requests.length }));
        const texts = consumed.flatMap(({ name, count }) =>
          Array.from({ length: count }, (_, attempt) => (attempt < scenario.outcomes[names.indexOf(name)].length ? replyText(name, attempt) : defaultText(name))),
        );
        expect(setup.fakes.c.requests.length === 0 || scenario.accountCount === 3).toBe(true);

        // No text sent twice: a complete answer is exactly one reply's text; a broken one a prefix of exactly one.
        if (outcome.completions === 1) expect(texts).toContain(outcome.text);
        else if (outcome.text.length > 0) expect(texts.filter((text) => text.startsWith(outcome.text))).toHaveLength(1);
        if (outcome.status >= 400) expect(outcome.text).toBe('');

        // Upstream attempts within the budget, and the record counts them all.
        const attempts = setup.upstreamRequests();
        expect(attempts).toBeGreaterThanOrEqual(1);
        expect(attempts).toBeLessThanOrEqual(scenario.budget);
        expect(record.attempts).toBe(attempts);

        // Cooldowns: only after a 429, and never past the upstream's stated retry-after.
        for (const { name, outcomes } of consumed) {
          const limited = outcomes.find((entry) => entry.kind === 'rate-limited');
          const until = cooldownsSet.get(`trio:${name}`);
          if (!limited) expect(until).toBeUndefined();
          else {
            expect(until).toBeGreaterThanOrEqual(started + limited.waitMs);
            expect(until).toBeLessThanOrEqual(ended + limited.waitMs);
          }
        }

        // A 429 only when every upstream answer was a 429, with retry-after in whole seconds.
        const everyAnswerRateLimited = consumed.every(({ outcomes, count }) => outcomes.length === count && outcomes.every((entry) => entry.kind === 'rate-limited'));
        if (outcome.status === 429) {
          expect(everyAnswerRateLimited).toBe(true);
          expect(String(outcome.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
        }
        if (everyAnswerRateLimited && outcome.errors === 1) expect(outcome.status).toBe(429);
      }),
      { numRuns },
    );
  });
});
