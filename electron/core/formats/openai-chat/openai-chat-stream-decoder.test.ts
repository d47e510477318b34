import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import type { StreamFrame } from '../wire-format.js';
import { OpenAiChatStreamDecoder } from './openai-chat-stream-decoder.js';

const fixture = (name: string) => readChunksFixture(new URL(`./__fixtures__/${name}`, import.meta.url));

function decode(frames: StreamFrame[], context = createFixedContext('client-model')): CanonicalPart[] {
  const decoder = new OpenAiChatStreamDecoder(context);
  const parts = frames.flatMap((frame) => decoder.push(frame));
  return [...parts, ...decoder.end()];
}

const defaults = { id: 'x', model: 'x', created: 0 };

describe('OpenAiChatStreamDecoder on recorded streams', () => {
  it('maps plain text and carries the usage-only chunk on the single finish part', () => {
    expect(decode(fixture('text.chunks.txt'))).toEqual([
      { type: 'response-start', id: 'chatcmpl-1', model: 'm', created: 1 },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Hel' },
      { type: 'text-delta', id: '0', delta: 'lo, wor' },
      { type: 'text-delta', id: '0', delta: 'ld!' },
      { type: 'text-end', id: '0' },
      {
        type: 'finish',
        finishReason: 'stop',
        rawFinishReason: 'stop',
        usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0 },
      },
    ]);
  });

  it('maps reasoning_content to a reasoning block closed before the text starts', () => {
    const parts = decode(fixture('reasoning.chunks.txt'));
    expect(parts.map((part) => part.type)).toEqual([
      'response-start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
    const response = aggregateParts(parts, defaults);
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Let me think about Paris.' },
      { type: 'text', text: 'Paris is the capital of France.' },
    ]);
    expect(response.usage).toEqual({ inputTokens: 120, outputTokens: 42, cachedInputTokens: 64, reasoningTokens: 12 });
  });

  it('maps one tool call whose id and name come only on the first delta', () => {
    const parts = decode(fixture('tool-call.chunks.txt'));
    expect(parts.slice(1, 4)).toEqual([
      { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'call_1' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls', rawFinishReason: 'tool_calls' });
  });

  it('maps two parallel tool calls, closing the first when the second starts', () => {
    const parts = decode(fixture('parallel-tool-calls.chunks.txt'));
    const toolParts = parts.filter((part) => part.type.startsWith('tool-'));
    expect(toolParts.map((part) => `${part.type}:${'id' in part ? part.id : ''}`)).toEqual([
      'tool-input-start:call_paris',
      'tool-input-delta:call_paris',
      'tool-input-delta:call_paris',
      'tool-input-end:call_paris',
      'tool-input-start:call_rome',
      'tool-input-delta:call_rome',
      'tool-input-end:call_rome',
    ]);
    const response = aggregateParts(parts, defaults);
    expect(response.content).toEqual([
      { type: 'text', text: 'Checking both cities.' },
      { type: 'tool-call', id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_rome', name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.usage).toEqual({ inputTokens: 30, outputTokens: 25, cachedInputTokens: 16, reasoningTokens: 0 });
  });

  it('turns an in-band error chunk into an error part, with no finish after it', () => {
    const parts = decode(fixture('error-mid-stream.chunks.txt'));
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'upstream_error',
        message: 'The server had an error while processing your request. Sorry about that!',
        status: 502,
        retryable: false,
        upstreamType: 'server_error',
      },
    });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('tolerates a sloppy local server: minted ids, `reasoning`, nameless tool call, choices:null, no finish, no [DONE]', () => {
    const context = createFixedContext('client-model', 1_234);
    const parts = decode(fixture('tolerant-local-server.chunks.txt'), context);
    expect(parts[0]).toEqual({ type: 'response-start', id: 'chatcmpl-0001', model: 'client-model', created: 1_234 });
    const response = aggregateParts(parts, defaults);
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Hmm.' },
      { type: 'text', text: 'Let me look.' },
      { type: 'tool-call', id: 'call_0002', name: 'tool_0', arguments: '{"q":"x"}' },
    ]);
    const finishes = parts.filter((part) => part.type === 'finish');
    expect(finishes).toEqual([{ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 7, outputTokens: 3 } }]);
  });

  it('keeps usage that rides on the finish chunk and finishes at [DONE]', () => {
    const parts = decode(fixture('usage-with-finish.chunks.txt'));
    expect(parts.filter((part) => part.type === 'finish')).toEqual([
      { type: 'finish', finishReason: 'length', rawFinishReason: 'length', usage: { inputTokens: 4, outputTokens: 1 } },
    ]);
  });

  it('reports tool calls when an Ollama-style server says "stop" after them, and keeps the fingerprint', () => {
    const parts = decode(fixture('stop-after-tool-calls.chunks.txt'));
    expect(parts[0]).toEqual({
      type: 'response-start',
      id: 'chatcmpl-7',
      model: 'llama3.2',
      created: 1_700_000_000,
      providerMetadata: { 'openai-chat': { system_fingerprint: 'fp_ollama' } },
    });
    const response = aggregateParts(parts, defaults);
    expect(response.content).toEqual([{ type: 'tool-call', id: 'call_x1', name: 'get_time', arguments: '{"zone":"UTC"}' }]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.rawFinishReason).toBe('stop');
    expect(response.usage).toEqual({ inputTokens: 20, outputTokens: 9 });
  });
});

describe('OpenAiChatStreamDecoder finish timing', () => {
  const chunk = (body: object): StreamFrame => ({ data: JSON.stringify({ id: 'chatcmpl-2', model: 'm', created: 1, ...body }) });

  it('holds the finish until the usage chunk so exactly one finish carries the final usage', () => {
    const decoder = new OpenAiChatStreamDecoder(createFixedContext());
    decoder.push(chunk({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] }));
    const atFinishReason = decoder.push(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    expect(atFinishReason).toEqual([{ type: 'text-end', id: '0' }]);
    const atUsage = decoder.push(chunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } }));
    expect(atUsage).toEqual([{ type: 'finish', finishReason: 'stop', rawFinishReason: 'stop', usage: { inputTokens: 3, outputTokens: 1 } }]);
    expect(decoder.push({ data: '[DONE]' })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('finishes at [DONE] without usage when the upstream sends none', () => {
    const parts = decode([chunk({ choices: [{ index: 0, delta: { content: 'a' }, finish_reason: 'stop' }] }), { data: '[DONE]' }]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', rawFinishReason: 'stop' });
  });

  it('reports a stream that ended before any data as interrupted', () => {
    expect(decode([])).toEqual([
      {
        type: 'error',
        error: { code: 'stream_interrupted', message: 'The upstream closed the stream before sending any data.', status: 502, retryable: true },
      },
    ]);
  });

  it('reports a frame that is not JSON as an error and stops there', () => {
    const parts = decode([chunk({ choices: [{ delta: { content: 'a' } }] }), { data: 'not json' }, { data: '[DONE]' }]);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'translation_failed' } });
    expect(parts.filter((part) => part.type === 'finish')).toEqual([]);
  });
});

describe('OpenAiChatStreamDecoder tool-call tolerance', () => {
  const delta = (value: object): StreamFrame => ({ data: JSON.stringify({ choices: [{ index: 0, delta: value }] }) });

  it('waits for a name that arrives after an id-only first delta', () => {
    const parts = decode([
      delta({ tool_calls: [{ index: 0, id: 'call_a' }] }),
      delta({ tool_calls: [{ index: 0, function: { name: 'lookup' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }),
    ]);
    expect(aggregateParts(parts, defaults).content).toEqual([{ type: 'tool-call', id: 'call_a', name: 'lookup', arguments: '{}' }]);
  });

  it('tells calls apart by id when the server omits `index`', () => {
    const parts = decode([
      delta({ tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] }),
      delta({ tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"b":2}' } }] }),
    ]);
    expect(aggregateParts(parts, defaults).content).toEqual([
      { type: 'tool-call', id: 'call_a', name: 'f', arguments: '{"a":1}' },
      { type: 'tool-call', id: 'call_b', name: 'g', arguments: '{"b":2}' },
    ]);
  });

  it('still reports a call that was announced by id only', () => {
    const parts = decode([delta({ tool_calls: [{ index: 0, id: 'call_a' }] })]);
    expect(aggregateParts(parts, defaults).content).toEqual([{ type: 'tool-call', id: 'call_a', name: 'tool_0', arguments: '' }]);
  });

  it('maps custom tool calls and ignores choices other than the first', () => {
    const parts = decode([
      { data: JSON.stringify({ choices: [{ index: 1, delta: { content: 'second choice' } }] }) },
      delta({ tool_calls: [{ index: 0, id: 'call_p', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin' } }] }),
    ]);
    expect(parts).toContainEqual({ type: 'tool-input-start', id: 'call_p', toolName: 'apply_patch', kind: 'custom' });
    expect(aggregateParts(parts, defaults).content).toEqual([
      { type: 'tool-call', id: 'call_p', name: 'apply_patch', arguments: '*** Begin', kind: 'custom' },
    ]);
  });
});
