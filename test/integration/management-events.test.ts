/**
 * Issue 8: `GET /v0/management/events` delivers typed events: the request's log line and usage record,
 * account status changes, health and login progress; resumes by id; and never carries a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { request } from 'undici';
import { managementEventsPath } from '../../shared/contract.js';
import { ManagementClient } from '../../electron/cli/management-client.js';
import { createOpenAiCompatibleProvider } from '../../electron/core/providers/openai-compatible/openai-compatible-provider.js';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { EventCollector } from '../helpers/event-collector.js';
import { createFakeLoginProvider, fakeAccessToken, fakeLoginProviderId } from '../helpers/fake-login-provider.js';
import { openAiCompatibleEnvironment, startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';

const upstreamKey = 'sk-upstream-events-0123456789abcdef';
let fake: FakeOpenAiCompatible;
let gateway: RunningSwitchyard;
let client: ManagementClient;
let collector: EventCollector;

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible({ apiKey: upstreamKey });
  gateway = await startSwitchyard(openAiCompatibleEnvironment([{ name: 'local', baseUrl: `${fake.url}/v1`, apiKey: upstreamKey }]), undefined, {
    providerFactories: [createOpenAiCompatibleProvider, createFakeLoginProvider],
  });
  client = new ManagementClient({ url: gateway.url, managementKey: gateway.managementKey });
  collector = await EventCollector.open(client);
});

afterAll(async () => {
  await collector?.close();
  await gateway?.stop();
  await fake?.close();
});

describe('the events stream', () => {
  it('needs the management key', async () => {
    const reply = await request(`${gateway.url}${managementEventsPath}`, { headers: { authorization: `Bearer ${gateway.clientKey}` } });
    expect(reply.statusCode).toBe(403);
    await reply.body.text();
  });

  it('delivers the log line and the usage record of a request', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.clientKey, maxRetries: 0 });
    fake.enqueue({ text: 'streamed answer', usage: { input: 9, output: 3 }, chunkCount: 3 });
    const { data: stream, response } = await openai.chat.completions
      .create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    for await (const chunk of stream) void chunk;
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).not.toBe('');

    const log = await collector.waitFor('log', (event) => event.data.message === 'request' && event.data.fields.requestId === requestId);
    expect(log.data.fields).toMatchObject({ route: '/v1/chat/completions', model: 'local/fake-gpt-4o', providerId: 'openai-compatible', status: 200 });
    expect(log.data.fields.account).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(log)).not.toContain('openai-compatible:local');

    const usage = await collector.waitFor('usage', (event) => event.data.requestId === requestId);
    expect(usage.data).toMatchObject({
      providerId: 'openai-compatible',
      model: 'local/fake-gpt-4o',
      servedModel: 'fake-gpt-4o',
      stream: true,
      status: 200,
      inputTokens: 9,
      outputTokens: 3,
      estimated: false,
      accountHash: log.data.fields.account,
    });
    expect(usage.id).toBeGreaterThan(0);
  });

  it('delivers account status changes, login progress and health', async () => {
    const start = await client.api.startLogin({ providerId: fakeLoginProviderId });
    await collector.waitFor('login', (event) => event.data.state === start.state && event.data.phase === 'pending');
    await client.api.completeLogin({ providerId: fakeLoginProviderId, code: `carol#${start.state}` });
    const completed = await collector.waitFor('login', (event) => event.data.state === start.state && event.data.phase === 'completed');
    expect(completed.data.account).toMatchObject({ email: 'carol@example.com' });
    await collector.waitFor('account-status', (event) => event.data.change === 'added' && event.data.account.email === 'carol@example.com');

    await client.api.setAccountEnabled({ accountId: 'fake-login:carol@example.com', enabled: false });
    const disabled = await collector.waitFor('account-status', (event) => event.data.change === 'updated' && event.data.account.status === 'disabled');
    expect(disabled.data.previousStatus).toBe('ok');

    await gateway.switchyard.vault.update((data) => {
      data.accounts['fake-login:carol@example.com'].disabled = false;
      data.accounts['fake-login:carol@example.com'].status = 'needs-relogin';
    });
    const health = await collector.waitFor('health', (event) => event.data.status === 'warn');
    expect(health.data.reasons.join(' ')).toContain('carol@example.com needs a new login');

    await client.api.deepHealth({});
    const deep = await collector.waitFor('health', (event) => event.data.checks !== undefined);
    expect(deep.data.checks?.map((check) => check.name)).toContain('usage ledger');
  });

  it('resumes after the last event id, and narrows by type', async () => {
    const all = collector.events;
    const from = all[Math.max(0, all.length - 5)].id;
    const resumed = await EventCollector.open(client, { afterId: from, types: ['account-status'] });
    try {
      const lastSeen = all[all.length - 1].id;
      await client.api.setAccountEnabled({ accountId: 'fake-login:carol@example.com', enabled: false });
      await resumed.waitFor('account-status', (event) => event.data.account.status === 'disabled' && event.id > lastSeen);
      expect(resumed.events.every((event) => event.type === 'account-status' && event.id > from)).toBe(true);
    } finally {
      await resumed.close();
    }
  });

  it('never sends a secret', () => {
    const text = JSON.stringify(collector.events);
    for (const secret of [upstreamKey, gateway.clientKey, gateway.managementKey, fakeAccessToken('carol')]) expect(text).not.toContain(secret);
  });
});
