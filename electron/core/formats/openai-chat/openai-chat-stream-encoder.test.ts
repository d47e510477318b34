import OpenAI, { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import type { StreamFrame } from '../wire-format.js';
import { OpenAiChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAiChatStreamEncoder } from './openai-chat-stream-encoder.js';

const fixture = (name: string) => readChunksFixture(new URL(`./__fixtures__/${name}`, import.meta.url));

function request(includeUsage: boolean): CanonicalRequest {
  return { model: 'm', system: [], messages: [], tools: [], stream: true, includeUsage };
}

function encode(parts: CanonicalPart[], includeUsage = true, clientModel = 'm'): StreamFrame[] {
  const encoder = new OpenAiChatStreamEncoder(request(includeUsage), createFixedContext(clientModel, 1_700_000_000));
  return parts.flatMap((part) => encoder.push(part));
}

function decode(frames: StreamFrame[]): CanonicalPart[] {
  const decoder = new OpenAiChatStreamDecoder(createFixedContext());
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

const textParts: CanonicalPart[] = [
  { type: 'response-start', id: 'msg_01', model: 'claude-sonnet-4-5', created: 0 },
  { type: 'text-start', id: '1' },
  { type: 'text-delta', id: '1', delta: 'Hi' },
  { type: 'text-end', id: '1' },
  { type: 'finish', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 1 } },
];

describe('OpenAiChatStreamEncoder', () => {
  it.each(['text.chunks.txt', 'reasoning.chunks.txt', 'tool-call.chunks.txt', 'parallel-tool-calls.chunks.txt'])(
    're-encodes the decoded %s byte for byte (the protocols.md §6 chunk shapes)',
    (name) => {
      const frames = fixture(name);
      expect(encode(decode(frames))).toEqual(frames);
    },
  );

  it('leaves usage out entirely when the client did not ask for it', () => {
    const frames = encode(textParts, false, 'gpt-4o');
    expect(frames.at(-1)).toEqual({ data: '[DONE]' });
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.data));
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) expect(chunk).not.toHaveProperty('usage');
    expect(chunks[0]).toEqual({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model: 'gpt-4o',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    });
    expect(chunks[2].choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop' }]);
  });

  it('sends reasoning as reasoning_content and drops the signature Chat cannot carry', () => {
    const frames = encode([
      { type: 'response-start', id: 'chatcmpl-r', model: 'x', created: 5 },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Let me think' },
      { type: 'reasoning-end', id: 'r', signature: 'EqQBsig', signatureFormat: 'anthropic-messages' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(JSON.parse(frames[1].data).choices[0].delta).toEqual({ reasoning_content: 'Let me think' });
    expect(frames.map((frame) => frame.data).join('')).not.toContain('EqQBsig');
  });

  it('ends with an error frame and no [DONE], ignoring anything after the error', () => {
    const encoder = new OpenAiChatStreamEncoder(request(true), createFixedContext());
    encoder.push(textParts[0]);
    encoder.push(textParts[2]);
    const frames = encoder.push({
      type: 'error',
      error: { code: 'upstream_error', message: 'Overloaded', status: 529, retryable: true, upstreamType: 'overloaded_error' },
    });
    expect(frames).toEqual([{ data: '{"error":{"message":"Overloaded","type":"overloaded_error","code":"upstream_error","param":null}}' }]);
    expect(encoder.push({ type: 'finish', finishReason: 'stop' })).toEqual([]);
  });

  it('opens the stream itself when parts arrive without a response-start', () => {
    const frames = encode([{ type: 'text-delta', id: '0', delta: 'x' }, { type: 'finish', finishReason: 'stop' }]);
    const first = JSON.parse(frames[0].data);
    expect(first.id).toBe('chatcmpl-0001');
    expect(first.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(JSON.parse(frames[1].data).choices[0].delta).toEqual({ content: 'x' });
  });

  it.each<[FinishReason, string]>([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool-calls', 'tool_calls'],
    ['content-filter', 'content_filter'],
    ['pause', 'stop'],
    ['refusal', 'stop'],
    ['other', 'stop'],
  ])('maps finish %s to %s', (finishReason, expected) => {
    const frames = encode([textParts[0], { type: 'finish', finishReason }]);
    expect(JSON.parse(frames[1].data).choices[0].finish_reason).toBe(expected);
  });

  it('merges usage parts with the finish usage in the usage-only chunk', () => {
    const frames = encode([
      textParts[0],
      { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 80, outputTokens: 1 } },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 100, outputTokens: 40, reasoningTokens: 10 } },
    ]);
    expect(JSON.parse(frames.at(-2)!.data)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 40,
        total_tokens: 140,
        prompt_tokens_details: { cached_tokens: 80 },
        completion_tokens_details: { reasoning_tokens: 10 },
      },
    });
  });

  it('numbers tool calls from 0 and sends only index and fragments after the first delta', () => {
    const frames = encode([
      textParts[0],
      { type: 'tool-input-start', id: 'toolu_A', toolName: 'a' },
      { type: 'tool-input-delta', id: 'toolu_A', delta: '{"x":' },
      { type: 'tool-input-delta', id: 'toolu_A', delta: '1}' },
      { type: 'tool-input-end', id: 'toolu_A' },
      { type: 'tool-input-start', id: 'toolu_B', toolName: 'b' },
      { type: 'tool-input-end', id: 'toolu_B' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    const deltas = frames.slice(1, 5).map((frame) => JSON.parse(frame.data).choices[0].delta);
    expect(deltas).toEqual([
      { tool_calls: [{ index: 0, id: 'toolu_A', type: 'function', function: { name: 'a', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '1}' } }] },
      { tool_calls: [{ index: 1, id: 'toolu_B', type: 'function', function: { name: 'b', arguments: '' } }] },
    ]);
  });
});

describe('OpenAiChatStreamEncoder through the official openai client', () => {
  function clientOver(frames: StreamFrame[]): OpenAI {
    const body = frames.map((frame) => `data: ${frame.data}\n\n`).join('');
    return new OpenAI({
      apiKey: 'test',
      baseURL: 'http://127.0.0.1:1/v1',
      maxRetries: 0,
      fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    });
  }

  it('lets ChatCompletionStream assemble text, parallel tool calls and usage', async () => {
    const client = clientOver(encode(decode(fixture('parallel-tool-calls.chunks.txt')), true, 'my-model'));
    const stream = client.chat.completions.stream({ model: 'my-model', messages: [{ role: 'user', content: 'hi' }] });
    const completion = await stream.finalChatCompletion();
    expect(completion.model).toBe('my-model');
    expect(completion.choices[0].message.content).toBe('Checking both cities.');
    expect(completion.choices[0].message.tool_calls).toEqual([
      { id: 'call_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_rome', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
    ]);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage?.total_tokens).toBe(55);
  });

  it('surfaces the in-band error frame as an APIError', async () => {
    const frames = encode([
      textParts[0],
      { type: 'text-delta', id: '1', delta: 'partial' },
      { type: 'error', error: { code: 'upstream_error', message: 'Overloaded', status: 529, retryable: true } },
    ]);
    const client = clientOver(frames);
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const seen: string[] = [];
    const consume = async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    };
    await expect(consume()).rejects.toBeInstanceOf(APIError);
    expect(seen.join('')).toBe('partial');
  });
});
