/** The fake OpenAI-compatible upstream: §6 chunk shapes, OpenAI's strictness, and the §5 quirk knobs. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from './index.js';
import { parseSse, send, sseData } from './fake-test-helpers.js';

const KEY = 'sk-fake-openai';
const auth = { authorization: `Bearer ${KEY}` };
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'fake-gpt-4o', messages: [{ role: 'user', content: 'hi' }], ...extra });
type Chunk = { id?: string; created?: number; object: string; choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }> | null; usage?: unknown };

describe('fake OpenAI-compatible upstream', () => {
  let fake: FakeOpenAiCompatible;
  let completions: string;
  const post = (body: unknown, headers: Record<string, string> = auth) => send(completions, { body, headers });

  beforeEach(async () => {
    fake = await startFakeOpenAiCompatible({ apiKey: KEY });
    completions = `${fake.url}/v1/chat/completions`;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('lists models', async () => {
    const response = await send(`${fake.url}/v1/models`, { headers: auth });
    expect(response.json).toEqual({
      object: 'list',
      data: [
        { id: 'fake-gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'fake-upstream' },
        { id: 'fake-gpt-4o-mini', object: 'model', created: 1_700_000_000, owned_by: 'fake-upstream' },
      ],
    });
  });

  it('streams the §6 chunk sequence with a usage-only chunk when include_usage is set', async () => {
    const response = await post(chat({ stream: true, stream_options: { include_usage: true } }));
    expect(response.headers['content-type']).toBe('text/event-stream');
    const frames = parseSse(response.text);
    expect(frames.at(-1)).toEqual({ data: '[DONE]' });
    const chunks = sseData(response.text) as Chunk[];
    expect(chunks[0].choices?.[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0].id)).toBe(true);
    const text = chunks.map((chunk) => chunk.choices?.[0]?.delta.content ?? '').join('');
    expect(text).toBe('Hello from the fake upstream.');
    const finish = chunks.at(-2);
    expect(finish?.choices?.[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 6, total_tokens: 16 } });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('sends no usage chunk and no usage key without include_usage', async () => {
    const chunks = sseData((await post(chat({ stream: true }))).text) as Chunk[];
    expect(chunks.every((chunk) => Array.isArray(chunk.choices) && chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
  });

  it('streams tool calls: id/type/name on the first delta, then index + argument fragments', async () => {
    fake.enqueue({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { name: 'noop', arguments: '{}' }] });
    const chunks = sseData((await post(chat({ stream: true }))).text) as Chunk[];
    const toolDeltas = chunks.flatMap((chunk) => (chunk.choices?.[0]?.delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } });
    const laterOfFirst = toolDeltas.filter((delta) => delta.index === 0).slice(1);
    expect(laterOfFirst.every((delta) => Object.keys(delta).sort().join() === 'function,index')).toBe(true);
    expect(laterOfFirst.map((delta) => (delta.function as { arguments: string }).arguments).join('')).toBe('{"city":"Paris"}');
    expect(toolDeltas.find((delta) => delta.index === 1)).toMatchObject({ id: expect.stringMatching(/^call_/), function: { name: 'noop' } });
    expect(chunks.at(-1)?.choices?.[0].finish_reason).toBe('tool_calls');
  });

  it('streams reasoning as reasoning_content deltas', async () => {
    fake.enqueue({ reasoning: { text: 'Let me think.' }, text: 'Done.' });
    const chunks = sseData((await post(chat({ stream: true }))).text) as Chunk[];
    expect(chunks.map((chunk) => chunk.choices?.[0]?.delta.reasoning_content ?? '').join('')).toBe('Let me think.');
  });

  it('answers non-stream requests with a chat.completion', async () => {
    fake.enqueue({ text: 'Hi', reasoning: { text: 'hmm' }, toolCalls: [{ id: 'call_9', name: 'f', arguments: '{}' }], usage: { input: 3, output: 2, cached: 1, reasoning: 1 } });
    const response = await post(chat());
    expect(response.json).toMatchObject({
      object: 'chat.completion',
      model: 'fake-gpt-4o',
      choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: 'Hi', reasoning_content: 'hmm', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'f', arguments: '{}' } }] } }],
      usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6, prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 1 } },
    });
  });

  it('ends a stream with an in-band error object and no [DONE] on a mid-stream error', async () => {
    fake.enqueue({ text: 'partial', midStreamError: { type: 'server_error', message: 'boom' } });
    const frames = parseSse((await post(chat({ stream: true }))).text);
    expect(JSON.parse(frames.at(-1)?.data ?? '')).toEqual({ error: { message: 'boom', type: 'server_error', param: null, code: null } });
    expect(frames.some((frame) => frame.data === '[DONE]')).toBe(false);
  });

  describe('rejects what OpenAI rejects', () => {
    const cases: Array<[string, () => Promise<{ status: number; json: unknown }>, number, RegExp]> = [
      ['a missing bearer key', () => post(chat(), {}), 401, /Incorrect API key/],
      ['a wrong bearer key', () => post(chat(), { authorization: 'Bearer nope' }), 401, /Incorrect API key/],
      ['a non-JSON content type', () => send(completions, { body: JSON.stringify(chat()), headers: { ...auth, 'content-type': 'text/plain' } }), 400, /content type/],
      ['an unparsable body', () => post('{"model":'), 400, /could not parse/],
      ['a missing model', () => post({ messages: [{ role: 'user', content: 'hi' }] }), 400, /model parameter/],
      ['empty messages', () => post(chat({ messages: [] })), 400, /empty array/],
      ['an invalid role', () => post(chat({ messages: [{ role: 'robot', content: 'x' }] })), 400, /Invalid value: 'robot'/],
      ['a tool message without a preceding tool call', () => post(chat({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_1', content: '1' }] })), 400, /must be a response to a preceeding message/],
      [
        'a tool message separated from its call',
        () => post(chat({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'c1', content: '1' }] })),
        400,
        /did not have response messages: c1/,
      ],
      [
        'a tool message with an unknown id',
        () => post(chat({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c2', content: '1' }] })),
        400,
        /'c2' not found/,
      ],
      ['stream_options without stream', () => post(chat({ stream_options: { include_usage: true } })), 400, /stream_options/],
      ['an unknown model', () => post(chat({ model: 'gpt-nope' })), 404, /does not exist/],
    ];
    it.each(cases)('%s', async (_name, call, status, message) => {
      const response = await call();
      expect(response.status).toBe(status);
      expect((response.json as { error: { message: string } }).error.message).toMatch(message);
    });

    it('accepts a well-formed tool round trip', async () => {
      const messages = [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'c2', type: 'function', function: { name: 'g', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c2', content: '2' },
        { role: 'tool', tool_call_id: 'c1', content: '1' },
      ];
      expect((await post(chat({ messages }))).status).toBe(200);
    });
  });

  describe('tolerant-upstream quirks', () => {
    const streamed = async () => (await post(chat({ stream: true, stream_options: { include_usage: true } }))).text;

    it('omitUsage, omitFinishReason, omitIdAndCreated', async () => {
      fake.setQuirks({ omitUsage: true, omitFinishReason: true, omitIdAndCreated: true });
      const chunks = sseData(await streamed()) as Chunk[];
      expect(chunks.some((chunk) => chunk.usage)).toBe(false);
      expect(chunks.some((chunk) => chunk.choices?.[0]?.finish_reason)).toBe(false);
      expect(chunks.some((chunk) => 'id' in chunk || 'created' in chunk)).toBe(false);
      const body = (await post(chat())).json as Record<string, unknown>;
      expect(body).not.toHaveProperty('usage');
      expect(body).not.toHaveProperty('id');
      expect(body).toMatchObject({ choices: [{ finish_reason: null }] });
    });

    it('choicesNullOnUsageChunk and noDoneMarker', async () => {
      fake.setQuirks({ choicesNullOnUsageChunk: true, noDoneMarker: true });
      const text = await streamed();
      expect(text).not.toContain('[DONE]');
      expect((sseData(text) as Chunk[]).at(-1)).toMatchObject({ choices: null, usage: { total_tokens: 16 } });
    });

    it('nonStreamingReplyToStreamRequest answers stream:true with one JSON body', async () => {
      fake.setQuirks({ nonStreamingReplyToStreamRequest: true });
      const response = await post(chat({ stream: true }));
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.json).toMatchObject({ object: 'chat.completion' });
    });

    it('omitToolCallName', async () => {
      fake.setQuirks({ omitToolCallName: true });
      fake.enqueue({ toolCalls: [{ id: 'call_1', name: 'f', arguments: '{}' }] });
      const chunks = sseData(await streamed()) as Chunk[];
      const first = chunks.find((chunk) => chunk.choices?.[0]?.delta.tool_calls);
      expect(first?.choices?.[0].delta.tool_calls).toEqual([{ index: 0, id: 'call_1', type: 'function', function: { arguments: '' } }]);
    });

    it('quirks can be set at start', async () => {
      const quirky = await startFakeOpenAiCompatible({ tolerantQuirks: { noDoneMarker: true }, models: ['m'] });
      try {
        const response = await send(`${quirky.url}/v1/chat/completions`, { body: { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true } });
        expect(response.status).toBe(200);
        expect(response.text).not.toContain('[DONE]');
      } finally {
        await quirky.close();
      }
    });
  });
});
