/** The fake Anthropic Messages API: §1 SSE sequence, OAuth header strictness, history checks, faults. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicOverloadedFault, anthropicRateLimitFault, DEFAULT_ANTHROPIC_ACCESS_TOKEN, startFakeAnthropic, type FakeAnthropic } from './index.js';
import { parseSse, send } from './fake-test-helpers.js';

const HEADERS = {
  authorization: `Bearer ${DEFAULT_ANTHROPIC_ACCESS_TOKEN}`,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14',
};
const message = (extra: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }], ...extra });
const toolUse = (id: string) => ({ type: 'tool_use', id, name: 'get_weather', input: { city: 'Paris' } });
const toolResult = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: 'sunny' });
type Json = Record<string, unknown>;

describe('fake Anthropic upstream', () => {
  let fake: FakeAnthropic;
  let endpoint: string;
  const post = (body: unknown, headers: Record<string, string> = HEADERS) => send(endpoint, { body, headers });

  beforeEach(async () => {
    fake = await startFakeAnthropic({ expiredTokens: new Set(['sk-ant-oat01-expired']) });
    endpoint = `${fake.url}/v1/messages?beta=true`;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('streams the §1 event sequence, every frame named after its data type', async () => {
    fake.enqueue({ reasoning: { text: 'Let me think.' }, text: 'Hello there', toolCalls: [{ id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"Paris"}' }], usage: { input: 25, output: 89, cached: 5 } });
    const response = await post(message({ stream: true }));
    expect(response.headers['content-type']).toBe('text/event-stream');
    const frames = parseSse(response.text);
    const events = frames.map((frame) => frame.event);
    expect(frames.every((frame) => (JSON.parse(frame.data) as Json).type === frame.event)).toBe(true);
    expect(events).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    const data = frames.map((frame) => JSON.parse(frame.data) as Json);
    expect(data[0]).toMatchObject({ message: { role: 'assistant', content: [], stop_reason: null, usage: { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 5 } } });
    const deltas = data.filter((frame) => frame.type === 'content_block_delta').map((frame) => frame.delta as Json);
    expect(deltas.filter((delta) => delta.type === 'thinking_delta').map((delta) => delta.thinking).join('')).toBe('Let me think.');
    const signature = deltas.find((delta) => delta.type === 'signature_delta')?.signature as string;
    expect(fake.issuedSignatures.has(signature)).toBe(true);
    expect(deltas.filter((delta) => delta.type === 'text_delta').map((delta) => delta.text).join('')).toBe('Hello there');
    expect(deltas.filter((delta) => delta.type === 'input_json_delta').map((delta) => delta.partial_json).join('')).toBe('{"city":"Paris"}');
    expect(data[12]).toEqual({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: {} } });
    expect(data.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89, input_tokens: 25 } });
  });

  it('sends the unified rate-limit headers and a request-id on every answer', async () => {
    fake.setRateLimitHeaders({ 'anthropic-ratelimit-unified-5h-status': 'allowed_warning' });
    for (const response of [await post(message()), await post(message(), {})]) {
      expect(response.headers['anthropic-ratelimit-unified-status']).toBe('allowed');
      expect(response.headers['anthropic-ratelimit-unified-5h-status']).toBe('allowed_warning');
      expect(Number(response.headers['anthropic-ratelimit-unified-7d-reset'])).toBeGreaterThan(Date.now() / 1000);
      expect(response.headers['request-id']).toMatch(/^req_/);
    }
  });

  it('answers non-stream requests with a message body', async () => {
    fake.enqueue({ reasoning: { text: 'hmm', signature: 'sig-1' }, text: 'Hi', toolCalls: [{ id: 'toolu_1', name: 'f', arguments: '{"a":1}' }], finish: 'length' });
    const response = await post(message());
    expect(response.json).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig-1' }, { type: 'text', text: 'Hi' }, { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } }],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 10, output_tokens: 6 },
    });
  });

  it('counts tokens deterministically, with or without ?beta=true', async () => {
    const body = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] };
    const first = await send(`${fake.url}/v1/messages/count_tokens?beta=true`, { body, headers: HEADERS });
    const second = await send(`${fake.url}/v1/messages/count_tokens`, { body, headers: HEADERS });
    expect(first.status).toBe(200);
    expect(first.json).toEqual(second.json);
    expect((first.json as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });

  it('accepts thinking signatures it issued when replayed, and tool results right after tool use', async () => {
    fake.enqueue({ reasoning: { text: 'plan' }, toolCalls: [{ id: 'toolu_9', name: 'get_weather', arguments: '{}' }] });
    const first = (await post(message())).json as { content: Json[] };
    const history = [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: first.content }, { role: 'user', content: [toolResult('toolu_9'), { type: 'text', text: 'thanks' }] }];
    const response = await post(message({ messages: history, thinking: { type: 'enabled', budget_tokens: 2048 } }));
    expect(response.status).toBe(200);
  });

  it('emits `event: error` for a mid-stream error', async () => {
    fake.enqueue({ text: 'partial', midStreamError: { type: 'overloaded_error', message: 'Overloaded' } });
    const frames = parseSse((await post(message({ stream: true }))).text);
    expect(frames.at(-1)).toEqual({ event: 'error', data: JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }) });
    expect(frames.some((frame) => frame.event === 'message_stop')).toBe(false);
  });

  describe('rejects what Anthropic rejects', () => {
    const without = (name: string) => Object.fromEntries(Object.entries(HEADERS).filter(([key]) => key !== name));
    const cases: Array<[string, () => Promise<{ status: number; json: unknown }>, number, string, RegExp]> = [
      ['an x-api-key header', () => post(message(), { ...HEADERS, 'x-api-key': 'sk-ant-api03-x' }), 401, 'authentication_error', /x-api-key/],
      ['a missing bearer token', () => post(message(), without('authorization')), 401, 'authentication_error', /required/],
      ['a missing anthropic-version', () => post(message(), without('anthropic-version')), 400, 'invalid_request_error', /anthropic-version/],
      ['a missing oauth beta', () => post(message(), { ...HEADERS, 'anthropic-beta': 'claude-code-20250219' }), 400, 'invalid_request_error', /OAuth/],
      ['an unknown token', () => post(message(), { ...HEADERS, authorization: 'Bearer sk-ant-oat01-unknown' }), 401, 'authentication_error', /Invalid bearer token/],
      ['an expired token', () => post(message(), { ...HEADERS, authorization: 'Bearer sk-ant-oat01-expired' }), 401, 'authentication_error', /OAuth token has expired/],
      ['a missing model', () => post({ max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }), 400, 'invalid_request_error', /^model: Field required/],
      ['a missing max_tokens', () => post({ model: 'm', messages: [{ role: 'user', content: 'x' }] }), 400, 'invalid_request_error', /max_tokens: Field required/],
      ['a zero max_tokens', () => post(message({ max_tokens: 0 })), 400, 'invalid_request_error', /greater than or equal to 1/],
      ['empty messages', () => post(message({ messages: [] })), 400, 'invalid_request_error', /at least one message/],
      ['a system role message', () => post(message({ messages: [{ role: 'system', content: 'x' }] })), 400, 'invalid_request_error', /Unexpected role "system"/],
      [
        'tool_use without tool_result after it',
        () => post(message({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [toolUse('toolu_1'), toolUse('toolu_2')] }, { role: 'user', content: [toolResult('toolu_1')] }] })),
        400,
        'invalid_request_error',
        /^messages\.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_2\./,
      ],
      [
        'tool_result not at the start of the next message',
        () => post(message({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [toolUse('toolu_1')] }, { role: 'user', content: [{ type: 'text', text: 'y' }, toolResult('toolu_1')] }] })),
        400,
        'invalid_request_error',
        /without `tool_result` blocks immediately after: toolu_1/,
      ],
      ['an orphan tool_result', () => post(message({ messages: [{ role: 'user', content: [toolResult('toolu_x')] }] })), 400, 'invalid_request_error', /unexpected `tool_use_id`/],
      [
        'a forged thinking signature',
        () => post(message({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'forged' }, { type: 'text', text: 'a' }] }, { role: 'user', content: 'y' }] })),
        400,
        'invalid_request_error',
        /Invalid `signature` in `thinking` block/,
      ],
      ['temperature with thinking', () => post(message({ temperature: 0.5, thinking: { type: 'enabled', budget_tokens: 1024 } })), 400, 'invalid_request_error', /`temperature` may only be set to 1/],
      ['a thinking budget under 1024', () => post(message({ thinking: { type: 'enabled', budget_tokens: 512 } })), 400, 'invalid_request_error', /greater than or equal to 1024/],
      ['max_tokens not above the budget', () => post(message({ max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } })), 400, 'invalid_request_error', /must be greater than `thinking.budget_tokens`/],
      ['a tool without input_schema', () => post(message({ tools: [{ name: 'f' }] })), 400, 'invalid_request_error', /input_schema: Field required/],
      ['an unknown path', () => send(`${fake.url}/v1/complete`, { body: message(), headers: HEADERS }), 404, 'not_found_error', /Not found/],
    ];
    it.each(cases)('%s', async (_name, call, status, type, text) => {
      const response = await call();
      expect(response.status).toBe(status);
      expect(response.json).toMatchObject({ type: 'error', error: { type }, request_id: expect.stringMatching(/^req_/) });
      expect((response.json as { error: { message: string } }).error.message).toMatch(text);
    });

    it('reads token sets per request, so a test can rotate tokens', async () => {
      let current = new Set(['token-a']);
      const rotating = await startFakeAnthropic({ accessTokens: () => current, expiredTokens: () => new Set(['token-old']) });
      try {
        const at = `${rotating.url}/v1/messages`;
        expect((await send(at, { body: message(), headers: { ...HEADERS, authorization: 'Bearer token-a' } })).status).toBe(200);
        current = new Set(['token-b']);
        expect((await send(at, { body: message(), headers: { ...HEADERS, authorization: 'Bearer token-a' } })).status).toBe(401);
        expect((await send(at, { body: message(), headers: { ...HEADERS, authorization: 'Bearer token-b' } })).status).toBe(200);
      } finally {
        await rotating.close();
      }
    });
  });

  describe('faults', () => {
    it('429 rate_limit_error with retry-after', async () => {
      fake.enqueueFault(anthropicRateLimitFault(12));
      const response = await post(message());
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('12');
      expect(response.headers['anthropic-ratelimit-unified-status']).toBe('rejected');
      expect(response.json).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    });

    it('529 overloaded_error and 500 api_error in the Anthropic error shape', async () => {
      fake.enqueueFault(anthropicOverloadedFault(), { kind: 'status', status: 500 }, { kind: 'status', status: 429 });
      expect(await post(message())).toMatchObject({ status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
      expect(await post(message())).toMatchObject({ status: 500, json: { error: { type: 'api_error' } } });
      const limited = await post(message());
      expect(limited).toMatchObject({ status: 429, json: { error: { type: 'rate_limit_error' } } });
      expect(limited.headers['retry-after']).toBe('30');
      expect(limited.headers['anthropic-ratelimit-unified-status']).toBe('allowed');
    });
  });
});
