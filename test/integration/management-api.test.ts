/**
 * Issue 8: the management API, derived from the contract. Every operation answers over HTTP, bad input
 * is a 400 naming the field, the client key is refused, and no reply carries a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { contractOperations, operationNames, operationPath, secretMask, type OperationName } from '../../shared/contract.js';
import { createOpenAiCompatibleProvider } from '../../electron/core/providers/openai-compatible/openai-compatible-provider.js';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { createFakeLoginProvider, fakeAccessToken, fakeLoginProviderId } from '../helpers/fake-login-provider.js';
import { startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';
import { ManagementHttp } from './management-helpers.js';

const upstreamKey = 'sk-upstream-management-0123456789abcdef';
let fake: FakeOpenAiCompatible;
let gateway: RunningSwitchyard;
let api: ManagementHttp;
/** Replies that asked to reveal the client key: excluded from the client-key check only. */
const revealed: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible({ apiKey: upstreamKey });
  gateway = await startSwitchyard({}, undefined, { providerFactories: [createOpenAiCompatibleProvider, createFakeLoginProvider] });
  api = new ManagementHttp(gateway.url, gateway.managementKey);
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe('management key', () => {
  it('refuses a request without a key, with the wrong key, and with the client key', async () => {
    const none = await api.call('health', {}, {});
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('management key') });
    expect((await api.call('health', {}, { 'x-management-key': 'sym-wrong' })).status).toBe(401);
    const client = await api.call('health', {}, { authorization: `Bearer ${gateway.clientKey}` });
    expect(client.status).toBe(403);
    expect(client.json.error).toMatchObject({ message: expect.stringContaining('client API key is not accepted') });
  });

  it('accepts the key as a bearer token or as x-management-key', async () => {
    expect((await api.call('health', {}, { authorization: `Bearer ${gateway.managementKey}` })).status).toBe(200);
    expect((await api.call('health', {})).status).toBe(200);
  });
});

describe('validation', () => {
  /** A valid input of each operation (the type makes the table complete). */
  const samples: Record<OperationName, Record<string, unknown>> = {
    listProviders: {},
    startLogin: { providerId: 'x' },
    completeLogin: { providerId: 'x', code: 'c#s' },
    loginStatus: { providerId: 'x', state: 's' },
    cancelLogin: { providerId: 'x', state: 's' },
    removeAccount: { accountId: 'x' },
    setAccountEnabled: { accountId: 'x', enabled: true },
    resetCooldown: { accountId: 'x' },
    refreshQuota: {},
    addOpenAiCompatible: { entry: { name: 'n', baseUrl: 'http://127.0.0.1:1/v1' } },
    updateOpenAiCompatible: { name: 'n', patch: {} },
    removeOpenAiCompatible: { name: 'n' },
    testOpenAiCompatible: { baseUrl: 'http://127.0.0.1:1/v1' },
    getSettings: {},
    updateSettings: { patch: {} },
    queryUsage: {},
    exportUsage: { format: 'csv' },
    listLogs: {},
    health: {},
    deepHealth: {},
    getClientKey: {},
    rotateClientKey: {},
    listToolSetups: {},
    previewToolSetup: { tool: 'codex' },
    applyToolSetup: { tool: 'codex' },
    restoreToolSetup: { tool: 'codex' },
  };
  it.each(operationNames)('%s validates its input (unknown field -> 400 naming it)', async (name) => {
    const reply = await api.call(name, { ...samples[name], bogusField: 1 });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({ code: 'bad_request', param: 'bogusField' });
  });

  const cases: Array<{ name: OperationName; input: unknown; param: string }> = [
    { name: 'setAccountEnabled', input: { accountId: 'x' }, param: 'enabled' },
    { name: 'setAccountEnabled', input: { accountId: 'x', enabled: 'yes' }, param: 'enabled' },
    { name: 'addOpenAiCompatible', input: { entry: { name: 'bad name!', baseUrl: 'http://127.0.0.1:1/v1' } }, param: 'entry.name' },
    { name: 'addOpenAiCompatible', input: { entry: { name: 'ok', baseUrl: 'not a url' } }, param: 'entry.baseUrl' },
    { name: 'queryUsage', input: { groupBy: ['planet'] }, param: 'groupBy[0]' },
    { name: 'queryUsage', input: { range: { since: 10, until: 5 } }, param: 'range.since' },
    { name: 'exportUsage', input: { format: 'xml' }, param: 'format' },
    { name: 'completeLogin', input: { providerId: fakeLoginProviderId }, param: 'code' },
    { name: 'updateSettings', input: { patch: { port: -1 } }, param: 'port' },
    { name: 'updateSettings', input: { patch: { colour: 'red' } }, param: 'colour' },
  ];
  it.each(cases)('$name rejects $input naming $param', async ({ name, input, param }) => {
    const reply = await api.call(name, input);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({ param });
  });

  it('answers invalid JSON, and unknown operations, in the management error shape', async () => {
    const broken = await api.send('POST', operationPath('health'), { body: '{"oops', headers: { 'x-management-key': gateway.managementKey } });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatchObject({ code: 'invalid_json' });
    const missing = await api.send('POST', '/v0/management/launch-rockets', { body: '{}', headers: { 'x-management-key': gateway.managementKey } });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'not_found' });
  });

  it('serves queries as GET with the input as query parameters', async () => {
    const logs = await api.get(`${operationPath('listLogs')}?afterSeq=0&limit=3&level=info`);
    expect(logs.status).toBe(200);
    expect((logs.json.entries as unknown[]).length).toBeLessThanOrEqual(3);
    const bad = await api.get(`${operationPath('listLogs')}?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ param: 'limit' });
    const commands = operationNames.filter((name) => contractOperations[name].kind === 'command');
    expect((await api.get(operationPath(commands[0]))).status).toBe(404);
  });
});

describe('OpenAI-compatible upstreams', () => {
  it('tests a URL before saving it', async () => {
    const good = await api.ok<{ ok: boolean; models: string[] }>('testOpenAiCompatible', { baseUrl: `${fake.url}/v1`, apiKey: upstreamKey });
    expect(good).toMatchObject({ ok: true, models: ['fake-gpt-4o', 'fake-gpt-4o-mini'] });
    const refused = await api.ok<{ ok: boolean; status: number }>('testOpenAiCompatible', { baseUrl: `${fake.url}/v1`, apiKey: 'sk-wrong-key-0000000000000000' });
    expect(refused).toMatchObject({ ok: false, status: 401 });
    const closed = await api.ok<{ ok: boolean; detail: string }>('testOpenAiCompatible', { baseUrl: 'http://127.0.0.1:9/v1' });
    expect(closed.ok).toBe(false);
  });

  it('adds, updates and removes an entry, masking its key', async () => {
    const added = await api.ok<Record<string, unknown>>('addOpenAiCompatible', { entry: { name: 'local', baseUrl: `${fake.url}/v1`, apiKey: upstreamKey } });
    expect(added).toMatchObject({ name: 'local', accountId: 'openai-compatible:local', apiKey: `${secretMask}cdef` });
    const duplicate = await api.call('addOpenAiCompatible', { entry: { name: 'local', baseUrl: `${fake.url}/v1` } });
    expect(duplicate.status).toBe(409);
    const updated = await api.ok<Record<string, unknown>>('updateOpenAiCompatible', { name: 'local', patch: { models: ['fake-gpt-4o'], apiKey: `${secretMask}cdef` } });
    expect(updated).toMatchObject({ models: ['fake-gpt-4o'], apiKey: `${secretMask}cdef` });
    expect(gateway.switchyard.settings.get().openaiCompatible[0].apiKey).toBe(upstreamKey);
    await api.ok('addOpenAiCompatible', { entry: { name: 'spare', baseUrl: `${fake.url}/v1` } });
    expect(await api.ok('removeOpenAiCompatible', { name: 'spare' })).toEqual({ removed: true });
    expect(await api.ok('removeOpenAiCompatible', { name: 'spare' })).toEqual({ removed: false });
  });

  it('disables and re-enables the entry as an account, and routing follows', async () => {
    const disabled = await api.ok<{ status: string; disabled: boolean }>('setAccountEnabled', { accountId: 'openai-compatible:local', enabled: false });
    expect(disabled).toMatchObject({ status: 'disabled', disabled: true });
    const refused = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.clientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await refused.body.text();
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(await api.ok('setAccountEnabled', { accountId: 'openai-compatible:local', enabled: true })).toMatchObject({ status: 'ok' });
  });
});

describe('accounts through a provider with a login', () => {
  let state = '';

  it('starts a login and reports it pending', async () => {
    const start = await api.ok<{ url: string; state: string; termsNotice: string }>('startLogin', { providerId: fakeLoginProviderId });
    expect(start.url).toContain(start.state);
    expect(start.termsNotice).toContain('terms apply');
    state = start.state;
    expect(await api.ok('loginStatus', { providerId: fakeLoginProviderId, state })).toMatchObject({ phase: 'pending' });
  });

  it('completes the login from a pasted redirect URL and lists the account', async () => {
    const account = await api.ok<{ id: string; email: string }>('completeLogin', {
      providerId: fakeLoginProviderId,
      url: `http://localhost:1/callback?code=alice&state=${state}`,
    });
    expect(account).toMatchObject({ id: 'fake-login:alice@example.com', email: 'alice@example.com', status: 'ok' });
    const status = await api.ok<{ phase: string; account: { id: string } }>('loginStatus', { providerId: fakeLoginProviderId, state, waitMs: 5_000 });
    expect(status).toMatchObject({ phase: 'completed', account: { id: account.id } });
    const { providers } = await api.ok<{ providers: Array<{ id: string; accountSource: string; state: string; accounts: Array<{ id: string }> }> }>('listProviders', {});
    const provider = providers.find((entry) => entry.id === fakeLoginProviderId);
    expect(provider).toMatchObject({ accountSource: 'login', state: 'ok', accounts: [{ id: account.id }] });
    expect(providers.find((entry) => entry.id === 'openai-compatible')).toMatchObject({ accountSource: 'settings' });
  });

  it('completes a login from code#state, and cancels another', async () => {
    const start = await api.ok<{ state: string }>('startLogin', { providerId: fakeLoginProviderId });
    expect(await api.ok('completeLogin', { providerId: fakeLoginProviderId, code: `bob#${start.state}` })).toMatchObject({ email: 'bob@example.com' });
    const other = await api.ok<{ state: string }>('startLogin', { providerId: fakeLoginProviderId });
    expect(await api.ok('cancelLogin', { providerId: fakeLoginProviderId, state: other.state })).toMatchObject({ phase: 'cancelled' });
    expect(await api.ok('loginStatus', { providerId: fakeLoginProviderId, state: other.state, waitMs: 5_000 })).toMatchObject({ phase: 'cancelled' });
    expect((await api.call('startLogin', { providerId: 'openai-compatible' })).status).toBe(400);
    expect((await api.call('startLogin', { providerId: 'nope' })).json.error).toMatchObject({ param: 'providerId' });
  });

  it('reads quota windows on request, disables, resets a cooldown and removes the account', async () => {
    const id = 'fake-login:alice@example.com';
    const quota = await api.ok<{ accounts: Array<{ quota: Array<{ name: string; usedFraction: number }> }>; failures: unknown[] }>('refreshQuota', { accountId: id });
    expect(quota.accounts[0].quota.map((window) => [window.name, window.usedFraction])).toEqual([
      ['5h', 0.25],
      ['7d', 0.5],
    ]);
    expect((await api.call('refreshQuota', { accountId: 'openai-compatible:local' })).status).toBe(400);
    expect(await api.ok('setAccountEnabled', { accountId: id, enabled: false })).toMatchObject({ status: 'disabled' });
    expect(await api.ok('setAccountEnabled', { accountId: id, enabled: true })).toMatchObject({ status: 'ok', disabled: false });
    await gateway.switchyard.vault.update((data) => {
      data.accounts[id].status = 'cooling-down';
      data.accounts[id].cooldownUntil = Date.now() + 600_000;
    });
    expect(await api.ok('listProviders', {})).toMatchObject({ providers: expect.arrayContaining([expect.objectContaining({ id: fakeLoginProviderId })]) });
    const reset = await api.ok<{ status: string; cooldownUntil?: number }>('resetCooldown', { accountId: id });
    expect(reset.status).toBe('ok');
    expect(reset.cooldownUntil).toBeUndefined();
    expect(await api.ok('removeAccount', { accountId: 'fake-login:bob@example.com' })).toMatchObject({ removed: true });
    expect((await api.call('removeAccount', { accountId: 'fake-login:bob@example.com' })).status).toBe(404);
  });
});

describe('settings, keys, health, logs, usage', () => {
  it('reads settings with secrets masked and keeps a masked key sent back', async () => {
    const view = await api.ok<{ settings: { openaiCompatible: Array<{ apiKey: string }>; port: number }; path: string }>('getSettings', {});
    expect(view.settings.openaiCompatible[0].apiKey).toBe(`${secretMask}cdef`);
    const updated = await api.ok<{ restartRequired: string[]; settings: { logLevel: string } }>('updateSettings', {
      patch: { logLevel: 'debug', openaiCompatible: view.settings.openaiCompatible, port: view.settings.port + 1 },
    });
    expect(updated.restartRequired).toEqual(['port']);
    expect(gateway.switchyard.settings.get().openaiCompatible[0].apiKey).toBe(upstreamKey);
  });

  it('shows the client key masked unless asked, and rotates it', async () => {
    const masked = await api.ok<{ key: string; revealed: boolean }>('getClientKey', {});
    expect(masked.key.startsWith(secretMask)).toBe(true);
    const reveal = await api.call('getClientKey', { reveal: true });
    revealed.push(reveal.text);
    expect(reveal.json.key).toBe(gateway.clientKey);
    const rotated = await api.call('rotateClientKey', { reveal: true });
    revealed.push(rotated.text);
    const newKey = rotated.json.key as string;
    expect(newKey).not.toBe(gateway.clientKey);
    const models = async (key: string) => (await request(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).statusCode;
    expect(await models(gateway.clientKey)).toBe(401);
    expect(await models(newKey)).toBe(200);
    gateway.clientKey = newKey;
  });

  it('reports health and deep health', async () => {
    expect(await api.ok('health', {})).toMatchObject({ status: expect.any(String), providers: expect.any(Array), url: gateway.url });
    const deep = await api.ok<{ checks: Array<{ name: string; state: string }> }>('deepHealth', {});
    expect(deep.checks.find((check) => check.name === 'usage ledger')).toMatchObject({ state: 'ok' });
  });

  it('pages through logs and filters them', async () => {
    const all = await api.ok<{ entries: Array<{ seq: number; level: string }>; lastSeq: number }>('listLogs', { limit: 2_000 });
    expect(all.entries.length).toBeGreaterThan(0);
    const warnings = await api.ok<{ entries: Array<{ level: string }> }>('listLogs', { level: 'warn' });
    expect(warnings.entries.every((entry) => ['warn', 'error', 'fatal'].includes(entry.level))).toBe(true);
    const text = await api.ok<{ entries: Array<{ message: string }> }>('listLogs', { text: 'cooldown reset' });
    expect(text.entries.map((entry) => entry.message)).toContain('cooldown reset by a user');
    const after = await api.ok<{ entries: unknown[] }>('listLogs', { afterSeq: all.lastSeq });
    expect(after.entries.length).toBeLessThan(all.entries.length);
  });

  it('queries and exports usage', async () => {
    fake.enqueue({ text: 'counted', usage: { input: 11, output: 4 } });
    const reply = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.clientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await reply.body.text();
    const requestId = String(reply.headers['x-request-id']);
    const usage = await api.ok<{ rows: Array<Record<string, unknown>>; totals: { requests: number } }>('queryUsage', { groupBy: ['model'] });
    expect(usage.rows).toContainEqual(expect.objectContaining({ providerId: 'openai-compatible', model: 'local/fake-gpt-4o', label: 'openai-compatible · local/fake-gpt-4o' }));
    expect(usage.totals.requests).toBeGreaterThan(0);
    const csv = await api.ok<{ body: string; filename: string }>('exportUsage', { format: 'csv' });
    expect(csv.filename).toMatch(/\.csv$/);
    expect(csv.body).toContain(requestId);
    const json = await api.ok<{ body: string }>('exportUsage', { format: 'json' });
    expect(JSON.parse(json.body)).toContainEqual(expect.objectContaining({ requestId, inputTokens: 11, outputTokens: 4 }));
  });
});

describe('one-click tool setup (issue 10)', () => {
  it('previews, writes and restores a tool config in the user home, with the key masked', async () => {
    const savedHome = process.env.HOME;
    const home = mkdtempSync(join(tmpdir(), 'switchyard-management-tools-'));
    process.env.HOME = home;
    try {
      expect((await api.call('listToolSetups', {})).json.tools).toHaveLength(4);
      const preview = await api.call('previewToolSetup', { tool: 'claude-code' });
      expect(preview.json).toMatchObject({ changed: true, exists: false, diff: expect.stringContaining('<switchyard client key>') });
      expect((await api.call('applyToolSetup', { tool: 'claude-code' })).json).toMatchObject({ changed: true });
      const written = JSON.parse(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')) as { env: Record<string, string> };
      expect(written.env).toEqual({ ANTHROPIC_BASE_URL: gateway.url, ANTHROPIC_AUTH_TOKEN: gateway.switchyard.keys.clientKey });
      expect((await api.call('restoreToolSetup', { tool: 'claude-code' })).json).toMatchObject({ restored: true, removed: true });
    } finally {
      process.env.HOME = savedHome;
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the contract as a whole', () => {
  it('had every operation answer 200 at least once', () => {
    expect(operationNames.filter((name) => !api.succeeded.has(name))).toEqual([]);
  });

  it('never put a secret in a reply', () => {
    const secrets = [gateway.managementKey, upstreamKey, fakeAccessToken('alice'), fakeAccessToken('bob')];
    for (const reply of api.replies) for (const secret of secrets) expect(reply).not.toContain(secret);
    const clientKeys = [gateway.clientKey, gateway.switchyard.keys.clientKey];
    for (const reply of api.replies.filter((text) => !revealed.includes(text))) for (const key of clientKeys) expect(reply).not.toContain(key);
  });
});
