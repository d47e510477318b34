/** The fake Codex backend: §2 Responses SSE, its refusals, x-codex-* usage windows and usage-limit faults. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexUsageLimitFault, DEFAULT_CODEX_ACCESS_TOKEN, DEFAULT_CODEX_ACCOUNT_ID, startFakeCodex, type FakeCodex } from './index.js';
import { parseSse, readUntilEnd, send } from './fake-test-helpers.js';

const HEADERS = { authorization: `Bearer ${DEFAULT_CODEX_ACCESS_TOKEN}`, 'chatgpt-account-id': DEFAULT_CODEX_ACCOUNT_ID, accept: 'text/event-stream' };
const userInput = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const body = (extra: Record<string, unknown> = {}) => ({
  model: 'gpt-5-codex',
  instructions: '',
  input: [userInput('hi')],
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  ...extra,
});
type Json = Record<string, unknown>;

describe('fake Codex upstream', () => {
  let fake: FakeCodex;
  let endpoint: string;
  const post = (payload: unknown, headers: Record<string, string> = HEADERS) => send(endpoint, { body: payload, headers });
  const events = (text: string) => parseSse(text).map((frame) => ({ event: frame.event, data: JSON.parse(frame.data) as Json }));

  beforeEach(async () => {
    fake = await startFakeCodex({ expiredTokens: new Set(['expired-token']) });
    endpoint = `${fake.baseUrl}/responses`;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('serves /backend-api/codex/responses by default', () => {
    expect(endpoint).toBe(`${fake.url}/backend-api/codex/responses`);
  });

  it('streams the §2 sequence, ending on response.completed without [DONE]', async () => {
    fake.enqueue({
      reasoning: { text: 'Thinking hard' },
      text: 'Hello you',
      toolCalls: [{ id: 'call_abc', name: 'shell', arguments: '{"command":["ls"]}' }],
      usage: { input: 56, output: 30, cached: 64, reasoning: 12 },
    });
    const response = await post(body());
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('[DONE]');
    const stream = events(response.text);
    expect(stream.every(({ event, data }) => data.type === event)).toBe(true);
    expect(stream.map(({ data }) => data.sequence_number)).toEqual(stream.map((_, index) => index));
    expect(stream.map(({ event }) => event)).toEqual([
      'response.created',
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
      'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
      'response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done',
      'response.completed',
    ]);
    const reasoningDone = stream[7].data.item as Json;
    expect(reasoningDone).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking hard' }] });
    expect(fake.issuedEncryptedContents.has(reasoningDone.encrypted_content as string)).toBe(true);
    const text = stream.filter(({ event }) => event === 'response.output_text.delta').map(({ data }) => data.delta).join('');
    expect(text).toBe('Hello you');
    expect(stream[15].data.item).toMatchObject({ type: 'function_call', call_id: 'call_abc', name: 'shell', arguments: '', status: 'in_progress' });
    expect(stream[19].data.item).toMatchObject({ call_id: 'call_abc', arguments: '{"command":["ls"]}', status: 'completed' });
    expect(stream[20].data.response).toMatchObject({
      status: 'completed',
      usage: { input_tokens: 120, input_tokens_details: { cached_tokens: 64 }, output_tokens: 30, output_tokens_details: { reasoning_tokens: 12 }, total_tokens: 150 },
    });
    expect((stream[20].data.response as { output: unknown[] }).output).toHaveLength(3);
  });

  it('sends x-codex-* usage headers and, when asked, a codex.rate_limits event', async () => {
    fake.setRateLimitsEvent(true);
    fake.setRateLimitHeaders({ 'x-codex-primary-used-percent': '42' });
    const response = await post(body());
    for (const window of ['primary', 'secondary']) {
      for (const field of ['used-percent', 'window-minutes', 'reset-at', 'reset-after-seconds']) {
        expect(response.headers[`x-codex-${window}-${field}`]).toBeDefined();
      }
    }
    const rateLimits = events(response.text)[1];
    expect(rateLimits).toMatchObject({ event: 'codex.rate_limits', data: { plan_type: 'plus', rate_limits: { primary: { used_percent: 42, window_minutes: 300 } } } });
  });

  it('accepts a replay of its own reasoning item and a paired function call output', async () => {
    fake.enqueue({ reasoning: { text: 'plan' }, toolCalls: [{ id: 'call_1', name: 'shell', arguments: '{}' }] });
    const first = events((await post(body())).text);
    const output = (first.at(-1)?.data.response as { output: Json[] }).output;
    const input = [userInput('hi'), { type: 'reasoning', summary: [], encrypted_content: output[0].encrypted_content }, { type: 'function_call', call_id: 'call_1', name: 'shell', arguments: '{}' }, { type: 'function_call_output', call_id: 'call_1', output: 'ok' }];
    expect((await post(body({ input }))).status).toBe(200);
  });

  it('ends with response.incomplete for a length finish and response.failed for a mid-stream error', async () => {
    fake.enqueue({ text: 'cut short', finish: 'length' }, { text: 'partial', midStreamError: { type: 'server_error', message: 'boom' } });
    const incomplete = events((await post(body())).text).at(-1);
    expect(incomplete).toMatchObject({ event: 'response.incomplete', data: { response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } } });
    const failed = events((await post(body())).text);
    expect(failed.at(-1)).toMatchObject({ event: 'response.failed', data: { response: { status: 'failed', error: { code: 'server_error', message: 'boom' } } } });
    expect(failed.some(({ event }) => event === 'response.completed')).toBe(false);
  });

  it('honours a custom base path and account id', async () => {
    const custom = await startFakeCodex({ basePath: '/codex', accountId: 'acct_2', accessTokens: new Set(['t2']) });
    try {
      const headers = { authorization: 'Bearer t2', 'chatgpt-account-id': 'acct_2' };
      expect((await send(`${custom.url}/codex/responses`, { body: body(), headers })).status).toBe(200);
      expect((await send(`${custom.url}/backend-api/codex/responses`, { body: body(), headers })).status).toBe(404);
    } finally {
      await custom.close();
    }
  });

  describe('rejects what the Codex backend rejects', () => {
    const withHeaders = (headers: Record<string, string>) => () => post(body(), headers);
    const cases: Array<[string, () => Promise<{ status: number; json: unknown }>, number, Json]> = [
      ['a missing bearer token', withHeaders({ 'chatgpt-account-id': DEFAULT_CODEX_ACCOUNT_ID }), 401, { detail: expect.stringMatching(/authentication token/) }],
      ['an unknown token', withHeaders({ ...HEADERS, authorization: 'Bearer nope' }), 401, { error: { code: 'token_invalidated' } }],
      ['an expired token', withHeaders({ ...HEADERS, authorization: 'Bearer expired-token' }), 401, { error: { code: 'token_expired' } }],
      ['a missing account id', withHeaders({ authorization: HEADERS.authorization }), 401, { detail: expect.stringMatching(/chatgpt-account-id/) }],
      ['a foreign account id', withHeaders({ ...HEADERS, 'chatgpt-account-id': 'acct_other' }), 403, { detail: expect.any(String) }],
      ['store: true', () => post(body({ store: true })), 400, { detail: 'Store must be set to false' }],
      ['stream: false', () => post(body({ stream: false })), 400, { detail: 'Stream must be set to true' }],
      ['a missing stream', () => post({ model: 'gpt-5-codex', input: [] }), 400, { detail: 'Stream must be set to true' }],
      ['temperature', () => post(body({ temperature: 0.2 })), 400, { detail: 'Unsupported parameter: temperature' }],
      ['top_p', () => post(body({ top_p: 0.9 })), 400, { detail: 'Unsupported parameter: top_p' }],
      ['max_output_tokens', () => post(body({ max_output_tokens: 100 })), 400, { detail: 'Unsupported parameter: max_output_tokens' }],
      ['a string input', () => post(body({ input: 'hi' })), 400, { error: { param: 'input' } }],
      [
        'an output before its call',
        () => post(body({ input: [{ type: 'function_call_output', call_id: 'call_1', output: 'x' }, { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' }] })),
        400,
        { error: { message: 'No tool call found for function call output with call_id call_1.' } },
      ],
      ['a forged encrypted_content', () => post(body({ input: [{ type: 'reasoning', summary: [], encrypted_content: 'gAAAAforged' }] })), 400, { error: { code: 'invalid_encrypted_content' } }],
      ['a reasoning item without encrypted_content', () => post(body({ input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] })), 400, { error: { message: expect.stringMatching(/not persisted/) } }],
      ['a previous_response_id', () => post(body({ previous_response_id: 'resp_1' })), 400, { error: { param: 'previous_response_id' } }],
      ['a tool name over 64 characters', () => post(body({ tools: [{ type: 'function', name: 'x'.repeat(65), parameters: {} }] })), 400, { error: { code: 'string_above_max_length' } }],
      ['an unknown path', () => send(`${fake.url}/backend-api/codex/chat`, { body: body(), headers: HEADERS }), 404, { detail: 'Not Found' }],
    ];
    it.each(cases)('%s', async (_name, call, status, expected) => {
      const response = await call();
      expect(response.status).toBe(status);
      expect(response.json).toMatchObject(expected);
    });
  });

  describe('faults', () => {
    it('usage_limit_reached 429 with reset fields and x-codex headers', async () => {
      fake.enqueueFault(codexUsageLimitFault({ resetsInSeconds: 600 }));
      const response = await post(body());
      expect(response.status).toBe(429);
      expect(response.json).toMatchObject({
        error: { type: 'usage_limit_reached', message: 'You have hit your ChatGPT usage limit (plus plan).', plan_type: 'plus', resets_in_seconds: 600, resets_at: expect.any(Number) },
      });
      expect(response.headers['x-codex-primary-used-percent']).toBe('100');
      expect(response.headers['x-codex-secondary-window-minutes']).toBe('10080');
    });

    it('a cut before response.completed leaves the client without a terminal event', async () => {
      fake.enqueueFault({ kind: 'cut', afterChunks: 3 });
      const result = await readUntilEnd(endpoint, { body: body(), headers: HEADERS });
      const names = parseSse(result.text).map((frame) => frame.event);
      expect(names).toEqual(['response.created', 'response.output_item.added', 'response.content_part.added']);
      expect(result.error).toBeInstanceOf(Error);
    });
  });
});
