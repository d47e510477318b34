import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import type { StreamFrame } from '../wire-format.js';
import { AnthropicMessagesStreamDecoder } from './anthropic-messages-stream-decoder.js';

const fixture = (name: string) => readChunksFixture(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));

function decode(frames: StreamFrame[], withEnd = true): CanonicalPart[] {
  const decoder = new AnthropicMessagesStreamDecoder(createFixedContext('claude-sonnet-4-5'));
  const parts = frames.flatMap((frame) => decoder.push(frame));
  return withEnd ? parts.concat(decoder.end()) : parts;
}

const defaults = { id: 'fallback', model: 'fallback', created: 0 };

describe('anthropic-messages stream decoder', () => {
  it('decodes plain text with usage from message_start and message_delta', () => {
    expect(decode(fixture('text'))).toEqual([
      { type: 'response-start', id: 'msg_01Text', model: 'claude-sonnet-4-5', created: 1_700_000_000 },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 1, cachedInputTokens: 0, cacheCreationInputTokens: 0 } },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Hello' },
      { type: 'text-delta', id: '0', delta: ', world!' },
      { type: 'text-end', id: '0' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 12, cachedInputTokens: 0, cacheCreationInputTokens: 0 } },
      {
        type: 'finish',
        finishReason: 'stop',
        rawFinishReason: 'end_turn',
        usage: { inputTokens: 25, outputTokens: 12, cachedInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ]);
  });

  it('decodes the protocols.md sequence: thinking + signature, text, a tool call', () => {
    const parts = decode(fixture('thinking-text-tool'));
    expect(parts.filter((part) => part.type !== 'usage' && part.type !== 'response-start')).toEqual([
      { type: 'reasoning-start', id: '0' },
      { type: 'reasoning-delta', id: '0', delta: 'Let me…' },
      { type: 'reasoning-end', id: '0', signature: 'EqQB…', signatureFormat: 'anthropic-messages' },
      { type: 'text-start', id: '1' },
      { type: 'text-delta', id: '1', delta: 'Hello' },
      { type: 'text-end', id: '1' },
      { type: 'tool-input-start', id: 'toolu_01A', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'toolu_01A', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'toolu_01A', delta: '"Paris"}' },
      { type: 'tool-input-end', id: 'toolu_01A' },
      {
        type: 'finish',
        finishReason: 'tool-calls',
        rawFinishReason: 'tool_use',
        usage: { inputTokens: 25, outputTokens: 89, cachedInputTokens: 0, cacheCreationInputTokens: 0 },
      },
    ]);
  });

  it('decodes two parallel tool calls, gives `{}` to a call without input, and counts cache tokens as input', () => {
    const response = aggregateParts(decode(fixture('parallel-tools-cached')), defaults);
    expect(response.content).toEqual([
      { type: 'text', text: 'Checking both.' },
      { type: 'tool-call', id: 'toolu_01Paris', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { type: 'tool-call', id: 'toolu_02Time', name: 'get_time', arguments: '{}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    // 12 uncached + 2048 read + 300 written.
    expect(response.usage).toEqual({ inputTokens: 2360, outputTokens: 71, cachedInputTokens: 2048, cacheCreationInputTokens: 300 });
  });

  it('turns an error event into an error part with the upstream type and status, and ignores what follows', () => {
    const frames = fixture('error-mid-stream');
    const decoder = new AnthropicMessagesStreamDecoder(createFixedContext());
    const parts = frames.flatMap((frame) => decoder.push(frame));
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: { code: 'upstream_error', message: 'Overloaded', status: 529, retryable: true, upstreamType: 'overloaded_error' },
    });
    expect(decoder.push({ event: 'message_stop', data: '{"type":"message_stop"}' })).toEqual([]);
    expect(decoder.end()).toEqual([]);
    const text = parts.filter((part) => part.type === 'text-delta');
    expect(text).toEqual([{ type: 'text-delta', id: '0', delta: 'Partial' }]);
  });

  it('maps rate_limit_error to 429 rate_limited', () => {
    const decoder = new AnthropicMessagesStreamDecoder(createFixedContext());
    const [part] = decoder.push({ event: 'error', data: '{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}' });
    expect(part).toMatchObject({ type: 'error', error: { code: 'rate_limited', status: 429, upstreamType: 'rate_limit_error' } });
  });

  it('keeps redacted thinking data and the stop sequence', () => {
    const parts = decode(fixture('redacted-stop-sequence'));
    expect(parts).toContainEqual({ type: 'reasoning-start', id: '0', redactedData: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' });
    const response = aggregateParts(parts, defaults);
    expect(response.content).toEqual([
      { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
      { type: 'text', text: 'one, two, ' },
    ]);
    expect(response).toMatchObject({ finishReason: 'stop', rawFinishReason: 'stop_sequence', stopSequence: 'three' });
  });

  it('skips server tool blocks without losing the text after them', () => {
    const response = aggregateParts(decode(fixture('server-tool')), defaults);
    expect(response.content).toEqual([{ type: 'text', text: 'It is sunny.' }]);
    expect(response.finishReason).toBe('stop');
    expect(response.usage.outputTokens).toBe(25);
  });

  it('reports a stream that ends before message_stop as stream_interrupted (502)', () => {
    const parts = decode(fixture('interrupted'));
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'stream_interrupted',
        status: 502,
        retryable: true,
        message: 'The upstream stream ended early, before message_stop.',
      },
    });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('relies on the JSON type, not the SSE event name', () => {
    const frames = fixture('text').map((frame) => ({ data: frame.data }));
    expect(decode(frames)).toEqual(decode(fixture('text')));
  });

  it('turns a non-JSON frame into an error part instead of throwing', () => {
    const decoder = new AnthropicMessagesStreamDecoder(createFixedContext());
    expect(decoder.push({ event: 'message_start', data: '{"type":' })).toMatchObject([{ type: 'error', error: { code: 'translation_failed' } }]);
  });

  it('ignores deltas for unknown indexes and unknown event types', () => {
    const decoder = new AnthropicMessagesStreamDecoder(createFixedContext());
    expect(decoder.push({ data: '{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"x"}}' })).toEqual([]);
    expect(decoder.push({ data: '{"type":"future_event","x":1}' })).toEqual([]);
    expect(decoder.push({ data: '[1,2]' })).toEqual([]);
  });
});
