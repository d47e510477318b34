/**
 * Issue 7's timeouts row: a first-byte timeout (a setting, small here) moves the request to the other
 * account, or retries the only one; once a stream has started, no timeout applies.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { poolModel, soloModel, startRoutingHarness, type RoutingHarness } from '../helpers/routing-harness.js';

let harness: RoutingHarness;
const messages = [{ role: 'user' as const, content: 'Say hello.' }];
const firstByteTimeoutMs = 800;
/** Far beyond the timeout; the fake's delay ends as soon as the gateway gives up on the connection. */
const stuck = { kind: 'latency' as const, ms: 60_000 };

beforeAll(async () => {
  harness = await startRoutingHarness({ SWITCHYARD_FIRST_BYTE_TIMEOUT_MS: String(firstByteTimeoutMs) });
});
afterAll(async () => {
  await harness?.stop();
});
beforeEach(async () => {
  await harness.reset();
});

describe('first-byte timeout', () => {
  it('moves to the other account, and the timed-out request is closed', async () => {
    harness.fakes.a.enqueueFault(stuck);
    const completion = await harness.openai.chat.completions.create({ model: poolModel, messages });
    expect(completion.choices[0].message.content).toBe('Answer from account b.');
    await harness.fakes.a.onRequestClosed(0);
    expect(harness.records.last()).toMatchObject({ accountId: 'pool:b', attempts: 2, status: 200 });
    expect(harness.gateway.switchyard.cooldowns.get('pool:a')).toBeUndefined();
  });

  it('retries the only account once', async () => {
    harness.fakes.solo.enqueueFault(stuck);
    const completion = await harness.openai.chat.completions.create({ model: soloModel, messages });
    expect(completion.choices[0].message.content).toBe('Answer from the solo account.');
    expect(harness.fakes.solo.requests).toHaveLength(2);
  });

  it('reports a timeout as a 504, never as a 429', async () => {
    harness.gateway.switchyard.settings.update({ retryBudget: 1 });
    harness.fakes.solo.setFault(stuck);
    const error = await harness.openai.chat.completions.create({ model: soloModel, messages }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 504 });
    expect(harness.records.last()).toMatchObject({ errorCode: 'upstream_timeout', attempts: 1 });
  });
});

describe('once the stream has started', () => {
  it('applies no timeout, however slow the chunks', async () => {
    // At least five gaps of 250 ms between frames: the stream outlives the first-byte timeout and still completes.
    harness.fakes.a.setDefaultReply({ text: 'slow but complete answer', chunkCount: 3, chunkIntervalMs: 250 });
    const stream = await harness.openai.chat.completions.create({ model: poolModel, messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('slow but complete answer');
    expect(harness.fakes.a.requests).toHaveLength(1);
  });
});
