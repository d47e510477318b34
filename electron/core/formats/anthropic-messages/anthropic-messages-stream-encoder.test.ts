import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import type { StreamFrame } from '../wire-format.js';
import { AnthropicMessagesStreamDecoder } from './anthropic-messages-stream-decoder.js';
import { AnthropicMessagesStreamEncoder } from './anthropic-messages-stream-encoder.js';

function encode(parts: CanonicalPart[], clientModel = 'claude-code-model'): StreamFrame[] {
  const encoder = new AnthropicMessagesStreamEncoder(createFixedContext(clientModel));
  return parts.flatMap((part) => encoder.push(part));
}

/** Frames as `[event, payload]` pairs, checking that the SSE event name equals the JSON type. */
function events(frames: StreamFrame[]): Array<[string, Record<string, unknown>]> {
  return frames.map((frame) => {
    const payload = JSON.parse(frame.data) as Record<string, unknown>;
    expect(frame.event).toBe(payload.type);
    return [frame.event as string, payload];
  });
}

const usage = { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, cacheCreationInputTokens: 0 };

describe('anthropic-messages stream encoder', () => {
  it('encodes a text answer from another upstream with a minted msg_ id and the client model', () => {
    const frames = encode([
      { type: 'response-start', id: 'chatcmpl-9', model: 'gpt-5', created: 1 },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'text-delta', id: 't', delta: '' },
      { type: 'text-end', id: 't' },
      { type: 'usage', usage },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(events(frames)).toEqual([
      [
        'message_start',
        {
          type: 'message_start',
          message: {
            id: 'msg_0001',
            type: 'message',
            role: 'assistant',
            model: 'claude-code-model',
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
          },
        },
      ],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      [
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          // Anthropic's input_tokens excludes the 100 cached tokens.
          usage: { input_tokens: 20, output_tokens: 30, cache_read_input_tokens: 100, cache_creation_input_tokens: 0 },
        },
      ],
      ['message_stop', { type: 'message_stop' }],
    ]);
  });

  it('puts input usage known before the first block into message_start and keeps a msg_ id', () => {
    const [start] = events(
      encode([
        { type: 'response-start', id: 'msg_01X', model: 'claude', created: 1 },
        { type: 'usage', usage: { inputTokens: 50, outputTokens: 1, cachedInputTokens: 10, cacheCreationInputTokens: 5 } },
        { type: 'text-start', id: '0' },
      ]),
    );
    expect(start[1]).toMatchObject({
      message: { id: 'msg_01X', usage: { input_tokens: 35, output_tokens: 1, cache_read_input_tokens: 10, cache_creation_input_tokens: 5 } },
    });
  });

  it('sends Anthropic signatures as they are, prefixes foreign ones with sy:<format>: and marks unsigned ones sy:none:', () => {
    const frames = encode([
      { type: 'reasoning-start', id: 'a' },
      { type: 'reasoning-delta', id: 'a', delta: 'think' },
      { type: 'reasoning-end', id: 'a', signature: 'EqQB', signatureFormat: 'anthropic-messages' },
      { type: 'reasoning-start', id: 'b' },
      { type: 'reasoning-end', id: 'b', signature: 'gAAAA', signatureFormat: 'openai-responses' },
      { type: 'reasoning-start', id: 'c' },
      { type: 'reasoning-delta', id: 'c', delta: 'unsigned' },
      { type: 'reasoning-end', id: 'c' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    const signatures = events(frames)
      .filter(([, payload]) => (payload.delta as { type?: string } | undefined)?.type === 'signature_delta')
      .map(([, payload]) => payload);
    expect(signatures).toEqual([
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'sy:openai-responses:gAAAA' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'signature_delta', signature: 'sy:none:' } },
    ]);
    expect(events(frames).filter(([name]) => name === 'content_block_start')).toHaveLength(3);
  });

  it('encodes redacted thinking as a redacted_thinking block', () => {
    const frames = events(encode([{ type: 'reasoning-start', id: 'r', redactedData: 'opaque' }, { type: 'reasoning-end', id: 'r' }]));
    expect(frames.slice(1)).toEqual([
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ]);
  });

  it('encodes two parallel tool calls as consecutive tool_use blocks and stops with tool_use', () => {
    const frames = events(
      encode([
        { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
        { type: 'tool-input-delta', id: 'call_1', delta: '{"city":"Paris"}' },
        { type: 'tool-input-end', id: 'call_1' },
        { type: 'tool-input-start', id: 'call_2', toolName: 'get_time' },
        { type: 'tool-input-delta', id: 'call_2', delta: '{}' },
        { type: 'tool-input-end', id: 'call_2' },
        { type: 'finish', finishReason: 'tool-calls', usage },
      ]),
    );
    expect(frames.map(([name, payload]) => [name, payload.index])).toEqual([
      ['message_start', undefined],
      ['content_block_start', 0],
      ['content_block_delta', 0],
      ['content_block_stop', 0],
      ['content_block_start', 1],
      ['content_block_delta', 1],
      ['content_block_stop', 1],
      ['message_delta', undefined],
      ['message_stop', undefined],
    ]);
    expect(frames[4][1]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
    });
    expect(frames[2][1]).toMatchObject({ delta: { type: 'input_json_delta', partial_json: '{"city":"Paris"}' } });
    expect(frames[7][1]).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('says tool_use when an upstream ends a tool turn with a plain stop, and end_turn when no tool was sent', () => {
    const withTool = events(
      encode([{ type: 'tool-input-start', id: 'c', toolName: 'f' }, { type: 'tool-input-end', id: 'c' }, { type: 'finish', finishReason: 'stop' }]),
    );
    expect(withTool.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    const withoutTool = events(encode([{ type: 'finish', finishReason: 'tool-calls' }]));
    expect(withoutTool.at(-2)?.[1]).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it.each([
    [{ finishReason: 'stop', stopSequence: 'END' }, { stop_reason: 'stop_sequence', stop_sequence: 'END' }],
    [{ finishReason: 'length' }, { stop_reason: 'max_tokens', stop_sequence: null }],
    [{ finishReason: 'content-filter' }, { stop_reason: 'end_turn', stop_sequence: null }],
    [{ finishReason: 'pause' }, { stop_reason: 'pause_turn', stop_sequence: null }],
    [{ finishReason: 'refusal' }, { stop_reason: 'refusal', stop_sequence: null }],
    [{ finishReason: 'other' }, { stop_reason: 'end_turn', stop_sequence: null }],
  ] as const)('maps finish %o to %o', (finish, delta) => {
    const frames = events(encode([{ type: 'finish', ...finish }]));
    expect(frames.map(([name]) => name)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(frames[1][1].delta).toEqual(delta);
  });

  it('ends with an error event and no message_stop, ignoring later parts', () => {
    const encoder = new AnthropicMessagesStreamEncoder(createFixedContext());
    const frames = [
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Partial' },
      { type: 'error', error: { code: 'upstream_error', message: 'Overloaded', status: 529, retryable: true, upstreamType: 'overloaded_error' } },
      { type: 'text-delta', id: '0', delta: 'more' },
      { type: 'finish', finishReason: 'stop' },
    ].flatMap((part) => encoder.push(part as CanonicalPart));
    const names = events(frames).map(([name]) => name);
    expect(names).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error']);
    expect(JSON.parse(frames.at(-1)?.data ?? '')).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('keeps blocks sequential when an upstream ends reasoning late, and reopens text written after it closed', () => {
    const frames = events(
      encode([
        { type: 'reasoning-start', id: 'r' },
        { type: 'reasoning-delta', id: 'r', delta: 'hmm' },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'A' },
        { type: 'reasoning-end', id: 'r' },
        { type: 'tool-input-start', id: 'c', toolName: 'f' },
        { type: 'text-delta', id: 't', delta: 'B' },
        { type: 'tool-input-delta', id: 'c', delta: '{}' },
        { type: 'finish', finishReason: 'stop' },
      ]),
    );
    expect(frames.map(([name, payload]) => `${name}:${String(payload.index ?? '')}`)).toEqual([
      'message_start:',
      'content_block_start:0',
      'content_block_delta:0',
      // The thinking block closes unsigned: its sy:none: signature.
      'content_block_delta:0',
      'content_block_stop:0',
      'content_block_start:1',
      'content_block_delta:1',
      'content_block_stop:1',
      'content_block_start:2',
      'content_block_stop:2',
      'content_block_start:3',
      'content_block_delta:3',
      // A late tool-input delta can only go to its own (stopped) block.
      'content_block_delta:2',
      'content_block_stop:3',
      'message_delta:',
      'message_stop:',
    ]);
  });

  it('wraps the raw text of a freeform (custom) tool call as {"input": ...}', () => {
    const frames = events(
      encode([
        { type: 'tool-input-start', id: 'c', toolName: 'apply_patch', kind: 'custom' },
        { type: 'tool-input-delta', id: 'c', delta: '*** Begin' },
        { type: 'tool-input-delta', id: 'c', delta: ' Patch' },
        { type: 'tool-input-end', id: 'c' },
      ]),
    );
    expect(frames[2][1]).toMatchObject({ delta: { type: 'input_json_delta', partial_json: '{"input":"*** Begin Patch"}' } });
  });

  it('re-encodes the decoded protocols.md stream to the same frames (pings aside, fuller final usage)', () => {
    const recorded = readChunksFixture(new URL('./__fixtures__/thinking-text-tool.chunks.txt', import.meta.url));
    const decoder = new AnthropicMessagesStreamDecoder(createFixedContext());
    const parts = recorded.flatMap((frame) => decoder.push(frame));
    const reencoded = events(encode(parts, 'claude-sonnet-4-5'));
    const expected = events(recorded.filter((frame) => frame.event !== 'ping'));
    expect(reencoded.map(([name]) => name)).toEqual(expected.map(([name]) => name));
    reencoded.forEach(([name, payload], index) => {
      if (name === 'message_delta') expect(payload).toMatchObject(expected[index][1]);
      else expect(payload).toEqual(expected[index][1]);
    });
  });

  it('produces a stream the official Anthropic SDK accumulates into the intended message', async () => {
    const frames = encode([
      { type: 'response-start', id: 'resp_1', model: 'gpt-5', created: 1 },
      { type: 'usage', usage: { inputTokens: 40, outputTokens: 0 } },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Plan.' },
      { type: 'reasoning-end', id: 'r', signature: 'enc', signatureFormat: 'openai-responses' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Calling.' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"Paris"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 40, outputTokens: 12 } },
    ]);
    const sse = frames.map((frame) => `event: ${frame.event}\ndata: ${frame.data}\n\n`).join('');
    const client = new Anthropic({
      apiKey: 'test',
      baseURL: 'http://127.0.0.1:9',
      maxRetries: 0,
      fetch: async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    });
    const message = await client.messages
      .stream({ model: 'claude-code-model', max_tokens: 100, messages: [{ role: 'user', content: 'weather?' }] })
      .finalMessage();
    expect(message).toMatchObject({
      id: 'msg_0001',
      model: 'claude-code-model',
      stop_reason: 'tool_use',
      content: [
        { type: 'thinking', thinking: 'Plan.', signature: 'sy:openai-responses:enc' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
      ],
      usage: { input_tokens: 40, output_tokens: 12 },
    });
  });
});
