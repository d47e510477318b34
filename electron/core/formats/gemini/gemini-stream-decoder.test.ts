import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import type { StreamFrame } from '../wire-format.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';

const now = 1_700_000_000;

function fixture(name: string): StreamFrame[] {
  return readChunksFixture(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));
}

function decode(frames: StreamFrame[], context = createFixedContext('client-model', now)): CanonicalPart[] {
  const decoder = createGeminiStreamDecoder(context);
  return [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
}

function aggregate(parts: CanonicalPart[]) {
  return aggregateParts(parts, { id: 'unused', model: 'unused', created: 0 });
}

describe('Gemini stream decoder', () => {
  it('decodes plain text spread over frames into one text block, finishing with the last frame usage', () => {
    expect(decode(fixture('text'))).toEqual([
      { type: 'response-start', id: 'resp-text-1', model: 'gemini-2.5-pro', created: now },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Hel' },
      { type: 'text-delta', id: '0', delta: 'lo, world' },
      { type: 'text-delta', id: '0', delta: '!' },
      { type: 'text-end', id: '0' },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'STOP', usage: { inputTokens: 15, outputTokens: 6, reasoningTokens: 0 } },
    ]);
  });

  it('turns thought parts into reasoning with a gemini signature, and keeps the answer signature on the text', () => {
    const parts = decode(fixture('thinking-signature'));
    expect(parts).toContainEqual({
      type: 'reasoning-end',
      id: '0',
      signature: 'CiQB0e2Kb3Rob3VnaHQ=',
      signatureFormat: 'gemini',
    });
    const response = aggregate(parts);
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Let me think about it.', signature: 'CiQB0e2Kb3Rob3VnaHQ=', signatureFormat: 'gemini' },
      { type: 'text', text: 'The answer is 42.', providerMetadata: { gemini: { thoughtSignature: 'CiQB0e2KYW5zd2Vy' } } },
    ]);
    // Thoughts count as output; cached tokens are a subset of the input.
    expect(response.usage).toEqual({ inputTokens: 20, outputTokens: 38, reasoningTokens: 30, cachedInputTokens: 12 });
  });

  it('emits two parallel calls whole, minting ids from the context, and reports tool-calls for STOP', () => {
    const parts = decode(fixture('tool-calls-parallel'));
    expect(parts.filter((part) => part.type.startsWith('tool-input'))).toEqual([
      { type: 'tool-input-start', id: 'call_0001', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_0001', delta: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'call_0001', providerMetadata: { gemini: { thoughtSignature: 'CiQB0e2KY2FsbHM=' } } },
      { type: 'tool-input-start', id: 'call_0002', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_0002', delta: '{"city":"Tokyo","unit":"celsius"}' },
      { type: 'tool-input-end', id: 'call_0002' },
    ]);
    // The text block closes before the first call.
    expect(parts.findIndex((part) => part.type === 'text-end')).toBeLessThan(parts.findIndex((part) => part.type === 'tool-input-start'));
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 120, outputTokens: 40 },
    });
  });

  it('keeps the ids Gemini sends on function calls', () => {
    const frame = { data: JSON.stringify({ candidates: [{ content: { parts: [{ functionCall: { id: 'fc-1', name: 'f', args: {} } }] }, finishReason: 'STOP' }] }) };
    const parts = decode([frame]);
    expect(parts).toContainEqual({ type: 'tool-input-start', id: 'fc-1', toolName: 'f' });
    // No responseId upstream: the context mints one.
    expect(parts[0]).toEqual({ type: 'response-start', id: 'resp_0001', model: 'client-model', created: now });
  });

  it('emits exactly one finish, carrying the usage of a frame that came after finishReason', () => {
    const parts = decode(fixture('usage-late'));
    const finishes = parts.filter((part) => part.type === 'finish');
    expect(finishes).toEqual([
      { type: 'finish', finishReason: 'length', rawFinishReason: 'MAX_TOKENS', usage: { inputTokens: 9, outputTokens: 3 } },
    ]);
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('turns an error frame into one error part and ignores everything after it', () => {
    const context = createFixedContext('client-model', now);
    const decoder = createGeminiStreamDecoder(context);
    const parts = fixture('error-mid-stream').flatMap((frame) => decoder.push(frame));
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'upstream_error',
        message: 'The model is overloaded. Please try again later.',
        status: 503,
        retryable: true,
        upstreamType: 'UNAVAILABLE',
      },
    });
    expect(decoder.push({ data: '{"candidates":[{"content":{"parts":[{"text":"late"}]}}]}' })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('reports a stream cut before its finishReason as stream_interrupted', () => {
    const parts = decode(fixture('cut-stream'));
    expect(parts.filter((part) => part.type === 'finish')).toEqual([]);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'stream_interrupted', status: 502 } });
  });

  it('reports a stream that sent nothing as stream_interrupted', () => {
    expect(decode([])).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'stream_interrupted', status: 502 }) },
    ]);
  });

  it('finishes a blocked prompt with content-filter', () => {
    expect(decode(fixture('blocked-prompt'))).toEqual([
      { type: 'response-start', id: 'resp-blocked-1', model: 'gemini-2.5-flash', created: now },
      { type: 'finish', finishReason: 'content-filter', rawFinishReason: 'PROHIBITED_CONTENT', usage: { inputTokens: 8, outputTokens: 0 } },
    ]);
  });

  it.each([
    ['SAFETY', 'content-filter'],
    ['RECITATION', 'content-filter'],
    ['BLOCKLIST', 'content-filter'],
    ['SPII', 'content-filter'],
    ['MAX_TOKENS', 'length'],
    ['MALFORMED_FUNCTION_CALL', 'other'],
    ['OTHER', 'other'],
  ])('maps finishReason %s to %s', (raw, expected) => {
    const frame = { data: JSON.stringify({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: raw }] }) };
    expect(decode([frame]).at(-1)).toMatchObject({ type: 'finish', finishReason: expected, rawFinishReason: raw });
  });

  it('reads the JSON-array form (streamGenerateContent without alt=sse) the same as SSE frames', () => {
    const frames = fixture('thinking-signature');
    const array = `[${frames.map((frame) => frame.data).join(',')}]`;
    expect(decode([{ data: array }])).toEqual(decode(frames));
  });

  it('reports a frame that is not JSON as an error part, not a throw', () => {
    const parts = decode([{ data: '{"candidates":[' }]);
    expect(parts).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'translation_failed', status: 502 }) }]);
  });

  it('decodes sy:-prefixed signatures and redacted markers back to their own format', () => {
    const frame = {
      data: JSON.stringify({
        candidates: [
          {
            content: {
              parts: [
                { text: 'claude thinking', thought: true },
                { text: '', thought: true, thoughtSignature: 'sy:anthropic-messages:EqQBCkgIBxAB' },
                { text: '', thought: true, thoughtSignature: 'sy:redacted:opaque-data' },
              ],
            },
            finishReason: 'STOP',
          },
        ],
      }),
    };
    expect(aggregate(decode([frame])).content).toEqual([
      { type: 'reasoning', text: 'claude thinking', signature: 'EqQBCkgIBxAB', signatureFormat: 'anthropic-messages' },
      { type: 'reasoning', text: '', redactedData: 'opaque-data' },
    ]);
  });
});
