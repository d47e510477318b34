/** Bad input, foreign Host/Origin and missing keys: each gets a 4xx in the client's own format, never a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { openAiCompatibleEnvironment, startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';

let fake: FakeOpenAiCompatible;
let gateway: RunningSwitchyard;

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible();
  gateway = await startSwitchyard(openAiCompatibleEnvironment([{ name: 'local', baseUrl: `${fake.url}/v1` }]));
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

async function send(path: string, body: string, headers: Record<string, string> = {}) {
  const reply = await request(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.clientKey}`, ...headers },
    body,
  });
  const text = await reply.body.text();
  return { status: reply.statusCode, headers: reply.headers, json: JSON.parse(text) as Record<string, unknown> };
}

type Shape = 'openai' | 'anthropic';
const routes: Array<{ path: string; shape: Shape; valid: Record<string, unknown> }> = [
  { path: '/v1/chat/completions', shape: 'openai', valid: { model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/messages', shape: 'anthropic', valid: { model: 'local/fake-gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] } },
];

function expectErrorShape(shape: Shape, json: Record<string, unknown>) {
  if (shape === 'openai') {
    expect(json.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
  } else {
    expect(json).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
  }
}

function errorMessage(shape: Shape, json: Record<string, unknown>): string {
  return (json.error as { message: string }).message;
}

describe.each(routes)('bad input on $path', ({ path, shape, valid }) => {
  const cases: Array<{ name: string; body: string; status: number; mentions: string }> = [
    { name: 'invalid JSON', body: '{"model": ', status: 400, mentions: 'JSON' },
    { name: 'an empty body', body: '', status: 400, mentions: 'empty' },
    { name: 'a JSON array', body: '[]', status: 400, mentions: 'object' },
    { name: 'a missing model', body: JSON.stringify({ ...valid, model: undefined }), status: 400, mentions: 'model' },
    { name: 'a model of the wrong type', body: JSON.stringify({ ...valid, model: 42 }), status: 400, mentions: 'model' },
    { name: 'an unknown model', body: JSON.stringify({ ...valid, model: 'local/nope' }), status: 404, mentions: 'local/nope' },
    { name: 'a model no provider claims', body: JSON.stringify({ ...valid, model: 'fake-gpt-4o' }), status: 404, mentions: '/v1/models' },
    { name: 'empty messages', body: JSON.stringify({ ...valid, messages: [] }), status: 400, mentions: 'messages' },
    { name: 'messages of the wrong type', body: JSON.stringify({ ...valid, messages: 'hi' }), status: 400, mentions: 'messages' },
    { name: 'a message with a bad role', body: JSON.stringify({ ...valid, messages: [{ role: 'wizard', content: 'x' }] }), status: 400, mentions: 'messages[0]' },
  ];
  it.each(cases)('$name -> $status in the client format, naming the field', async ({ body, status, mentions }) => {
    const result = await send(path, body);
    expect(result.status).toBe(status);
    expectErrorShape(shape, result.json);
    expect(errorMessage(shape, result.json)).toContain(mentions);
  });

  it('suggests close model names', async () => {
    const result = await send(path, JSON.stringify({ ...valid, model: 'local/fake-gpt-4' }));
    expect(result.status).toBe(404);
    expect(errorMessage(shape, result.json)).toContain('local/fake-gpt-4o');
  });

  it('refuses a missing client key with 401', async () => {
    const result = await send(path, JSON.stringify(valid), { authorization: '' });
    expect(result.status).toBe(401);
    expectErrorShape(shape, result.json);
  });

  it('refuses a wrong client key with 401', async () => {
    const result = await send(path, JSON.stringify(valid), { authorization: 'Bearer sy-wrong' });
    expect(result.status).toBe(401);
  });

  it('refuses a foreign Host with 403', async () => {
    const result = await send(path, JSON.stringify(valid), { host: 'evil.example:8317' });
    expect(result.status).toBe(403);
    expectErrorShape(shape, result.json);
  });

  it('refuses a foreign Origin with 403 and no CORS header', async () => {
    const result = await send(path, JSON.stringify(valid), { origin: 'https://evil.example' });
    expect(result.status).toBe(403);
    expect(result.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('accepts the key as x-api-key', async () => {
    const result = await send(path, JSON.stringify(valid), { authorization: '', 'x-api-key': gateway.clientKey });
    expect(result.status).toBe(200);
  });
});

describe('probes and health', () => {
  it('answers HEAD / and GET / without a key', async () => {
    expect((await request(`${gateway.url}/`, { method: 'HEAD' })).statusCode).toBe(200);
    const root = await request(`${gateway.url}/`);
    expect(root.statusCode).toBe(200);
    await root.body.dump();
  });

  it('reports health and deep health', async () => {
    const health = await request(`${gateway.url}/v1/health`);
    expect(await health.body.json()).toMatchObject({ status: 'ok', version: expect.any(String), uptimeSeconds: expect.any(Number) });
    const deep = await request(`${gateway.url}/v1/health/deep`, { headers: { authorization: `Bearer ${gateway.clientKey}` } });
    const report = (await deep.body.json()) as { checks: Array<{ name: string; state: string; detail: string }> };
    expect(report.checks.find((check) => check.name === 'vault')).toMatchObject({ state: 'warn', detail: expect.stringContaining('key file') });
    expect(report.checks.find((check) => check.name.startsWith('upstream local'))).toMatchObject({ state: 'ok' });
  });

  it('refuses deep health without the key', async () => {
    const deep = await request(`${gateway.url}/v1/health/deep`);
    expect(deep.statusCode).toBe(401);
    await deep.body.dump();
  });

  it('refuses a body over the limit with 413', async () => {
    const big = JSON.stringify({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(21 * 1024 * 1024) }] });
    const result = await send('/v1/chat/completions', big);
    expect(result.status).toBe(413);
  });
});
