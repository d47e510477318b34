/**
 * Issue 7's routing, end to end: strategies over two accounts, a disabled account, cooldowns that
 * survive a restart and a management reset, aliases, a fallback chain across providers (translated
 * through the hub), and the unknown-model 404.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { sendAs } from '../helpers/routing-client-outcome.js';
import { messagesModel, poolModel, startRoutingHarness, type RoutingHarness } from '../helpers/routing-harness.js';

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

async function servedBy(count: number, model = poolModel): Promise<string[]> {
  for (let index = 0; index < count; index++) await harness.openai.chat.completions.create({ model, messages });
  return harness.records.all.map((record) => record.accountId ?? '');
}

describe('strategies', () => {
  it('round-robin spreads requests over the accounts in turn', async () => {
    harness.gateway.switchyard.settings.update({ routingStrategy: { pool: 'round-robin' } });
    const accounts = await servedBy(4);
    expect(new Set(accounts)).toEqual(new Set([accountA, accountB]));
    for (let index = 1; index < accounts.length; index++) expect(accounts[index]).not.toBe(accounts[index - 1]);
    expect(harness.fakes.a.requests).toHaveLength(2);
    expect(harness.fakes.b.requests).toHaveLength(2);
  });

  it('round-robin is the default strategy', async () => {
    harness.gateway.switchyard.settings.update({ routingStrategy: {} });
    const accounts = await servedBy(2);
    expect(new Set(accounts)).toEqual(new Set([accountA, accountB]));
  });

  it('fill-first uses the first account until it cannot serve', async () => {
    expect(await servedBy(3)).toEqual([accountA, accountA, accountA]);
    harness.fakes.a.enqueueFault({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    await harness.openai.chat.completions.create({ model: poolModel, messages });
    expect(harness.records.last().accountId).toBe(accountB);
  });

  it('priority puts the higher priority first', async () => {
    harness.gateway.switchyard.settings.update({ routingStrategy: { pool: 'priority' }, accountPriority: { [accountB]: 10, [accountA]: 1 } });
    expect(await servedBy(3)).toEqual([accountB, accountB, accountB]);
  });
});

describe('accounts', () => {
  it('skips an account disabled through the management API, without removing it', async () => {
    const disabled = await harness.management.ok<{ status: string; disabled: boolean }>('setAccountEnabled', { accountId: accountA, enabled: false });
    expect(disabled).toMatchObject({ status: 'disabled', disabled: true });
    expect(await servedBy(2)).toEqual([accountB, accountB]);
    expect(harness.fakes.a.requests).toHaveLength(0);

    await harness.management.ok('setAccountEnabled', { accountId: accountA, enabled: true });
    await harness.openai.chat.completions.create({ model: poolModel, messages });
    expect(harness.records.last().accountId).toBe(accountA);
  });

  it('keeps cooldowns across a restart, and resetCooldown ends one', async () => {
    harness.fakes.a.enqueueFault({ kind: 'status', status: 429, headers: { 'retry-after': '600' } });
    await harness.openai.chat.completions.create({ model: poolModel, messages });
    const until = harness.gateway.switchyard.cooldowns.get(accountA)?.until;
    expect(until).toBeGreaterThan(Date.now());

    await harness.restart();
    expect(harness.gateway.switchyard.cooldowns.get(accountA)?.until).toBe(until);
    const stored = JSON.parse(readFileSync(join(harness.gateway.home, 'cooldowns.json'), 'utf8')) as Record<string, { until: number }>;
    expect(stored[accountA]?.until).toBe(until);
    await harness.openai.chat.completions.create({ model: poolModel, messages });
    expect(harness.records.last().accountId).toBe(accountB);
    expect(harness.fakes.a.requests).toHaveLength(1);

    const reset = await harness.management.ok<{ status: string; cooldownUntil?: number }>('resetCooldown', { accountId: accountA });
    expect(reset.status).toBe('ok');
    expect(reset.cooldownUntil).toBeUndefined();
    expect(harness.gateway.switchyard.cooldowns.get(accountA)).toBeUndefined();
    await harness.gateway.switchyard.cooldowns.flush();
    expect(readFileSync(join(harness.gateway.home, 'cooldowns.json'), 'utf8')).not.toContain(accountA);
    await harness.openai.chat.completions.create({ model: poolModel, messages });
    expect(harness.records.last().accountId).toBe(accountA);
  });
});

describe('aliases and fallbacks', () => {
  it('resolves a user alias to a pool model', async () => {
    harness.gateway.switchyard.settings.update({ modelAliases: { sonnet: poolModel } });
    const completion = await harness.openai.chat.completions.create({ model: 'sonnet', messages });
    expect(completion.choices[0].message.content).toBe('Answer from account a.');
    expect(harness.records.last()).toMatchObject({ model: 'sonnet', providerId: 'pool', upstreamModel: 'm' });
    expect(harness.records.last().fallbackUsed).toBeUndefined();
  });

  it('serves from the next model of the chain, translated through the hub, when every account cools', async () => {
    harness.gateway.switchyard.settings.update({ modelAliases: { sonnet: poolModel }, fallbacks: { [poolModel]: [messagesModel] } });
    harness.fakes.a.enqueueFault({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    harness.fakes.b.enqueueFault({ kind: 'status', status: 429, headers: { 'retry-after': '60' } });
    const stream = await harness.openai.chat.completions.create({ model: 'sonnet', messages, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Answer from the Anthropic fallback.');
    expect(harness.fakes.messages.requests.at(-1)?.path).toContain('/v1/messages');
    expect(harness.records.last()).toMatchObject({ fallbackUsed: true, providerId: 'test-anthropic-messages', passthrough: false, attempts: 3 });

    // Both accounts still cool: the next request goes straight to the fallback, for an Anthropic client too.
    const reply = await harness.anthropic.messages.create({ model: 'sonnet', max_tokens: 64, messages });
    expect(reply.content).toEqual([expect.objectContaining({ type: 'text', text: 'Answer from the Anthropic fallback.' })]);
    expect(harness.records.last()).toMatchObject({ fallbackUsed: true, attempts: 1 });
    expect(harness.fakes.a.requests.length + harness.fakes.b.requests.length).toBe(2);
  });

  it('serves from the next model when every account fails before the first byte', async () => {
    harness.gateway.switchyard.settings.update({ fallbacks: { [poolModel]: [messagesModel] } });
    harness.fakes.a.setFault({ kind: 'status', status: 500 });
    harness.fakes.b.setFault({ kind: 'drop' });
    const outcome = await sendAs(harness.gateway.url, harness.gateway.clientKey, 'chat', { model: poolModel, stream: false });
    expect(outcome).toMatchObject({ status: 200, text: 'Answer from the Anthropic fallback.', completions: 1, errors: 0 });
    expect(harness.records.last()).toMatchObject({ fallbackUsed: true });
    expect(harness.records.last().attempts).toBeLessThanOrEqual(3);
  });

  it('answers an unknown model with 404 and the closest names, in the client format', async () => {
    const error = await harness.openai.chat.completions.create({ model: 'pool/n', messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as Error).message).toContain('"pool/m"');

    const anthropicError = await harness.anthropic.messages.create({ model: 'pool/mm', max_tokens: 64, messages }).catch((caught: unknown) => caught);
    expect(anthropicError).toBeInstanceOf(Anthropic.NotFoundError);
    expect((anthropicError as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    expect((anthropicError as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ error: { message: expect.stringContaining('"pool/m"') } });
    expect(harness.upstreamRequests()).toBe(0);
  });
});
