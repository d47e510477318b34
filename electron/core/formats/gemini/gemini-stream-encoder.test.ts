import { describe, expect, it } from 'vitest';
import { aggregateParts, responseToParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import { onePartEnvelopeText, responseEnvelope } from './gemini-output-parts.js';
import { parseGeminiRequest } from './gemini-request.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';
import { createGeminiStreamEncoder } from './gemini-stream-encoder.js';

const request: CanonicalRequest = { model: 'gemini-2.5-pro', system: [], messages: [], tools: [], stream: true };

function encode(parts: CanonicalPart[]) {
  const encoder = createGeminiStreamEncoder(request, createFixedContext('gemini-2.5-pro'));
  return parts.flatMap((part) => encoder.push(part));
}

function payloads(parts: CanonicalPart[]): unknown[] {
  return encode(parts).map((frame) => JSON.parse(frame.data));
}

describe('Gemini stream encoder', () => {
  it('writes one GenerateContentResponse per text delta and a final frame with finishReason and usage', () => {
    const frames = encode([
      { type: 'response-start', id: 'msg_1', model: 'claude-sonnet-4-5', created: 1 },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Hel' },
      { type: 'text-delta', id: '0', delta: 'lo' },
      { type: 'text-end', id: '0' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 15, outputTokens: 6 } },
    ]);
    expect(frames.every((frame) => frame.event === undefined)).toBe(true);
    expect(frames.map((frame) => frame.data)).toEqual([
      '{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],"modelVersion":"gemini-2.5-pro","responseId":"msg_1"}',
      '{"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"index":0}],"modelVersion":"gemini-2.5-pro","responseId":"msg_1"}',
      '{"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":15,"candidatesTokenCount":6,"totalTokenCount":21},"modelVersion":"gemini-2.5-pro","responseId":"msg_1"}',
    ]);
  });

  it('marks thoughts with thought:true and prefixes a foreign signature so parseRequest can restore it', () => {
    const bodies = payloads([
      { type: 'response-start', id: 'msg_1', model: 'claude', created: 1 },
      { type: 'reasoning-start', id: '0' },
      { type: 'reasoning-delta', id: '0', delta: 'Hmm.' },
      { type: 'reasoning-end', id: '0', signature: 'EqQBCkgIBxAB', signatureFormat: 'anthropic-messages' },
      { type: 'reasoning-start', id: '1', redactedData: 'opaque' },
      { type: 'reasoning-end', id: '1' },
    ]);
    const parts = bodies.map((body) => (body as { candidates: Array<{ content: { parts: unknown[] } }> }).candidates[0].content.parts[0]);
    expect(parts).toEqual([
      { text: 'Hmm.', thought: true },
      { text: '', thought: true, thoughtSignature: 'sy:anthropic-messages:EqQBCkgIBxAB' },
      { text: '', thought: true, thoughtSignature: 'sy:redacted:opaque' },
    ]);
    // A Gemini client replays the streamed parts as its history; the signature comes back intact.
    const replay = parseGeminiRequest(
      { contents: [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts }] },
      { model: 'gemini-2.5-pro' },
    );
    expect(replay.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Hmm.', signature: 'EqQBCkgIBxAB', signatureFormat: 'anthropic-messages' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
      ],
    });
  });

  it('sends a function call whole when its input ends, with parsed args, its id and its signature', () => {
    const bodies = payloads([
      { type: 'tool-input-start', id: 'toolu_1', toolName: 'get_weather' },
      { type: 'tool-input-start', id: 'toolu_2', toolName: 'get_time' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'toolu_2', delta: '{}' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: '"Paris"}' },
      { type: 'tool-input-end', id: 'toolu_1', providerMetadata: { gemini: { thoughtSignature: 'sig-1' } } },
      { type: 'tool-input-end', id: 'toolu_2' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    expect(bodies).toEqual([
      {
        candidates: [
          {
            content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'toolu_1' }, thoughtSignature: 'sig-1' }] },
            index: 0,
          },
        ],
        modelVersion: 'gemini-2.5-pro',
        responseId: 'resp_0001',
      },
      {
        candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'get_time', args: {}, id: 'toolu_2' } }] }, index: 0 }],
        modelVersion: 'gemini-2.5-pro',
        responseId: 'resp_0001',
      },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 0, candidatesTokenCount: 0, totalTokenCount: 0 },
        modelVersion: 'gemini-2.5-pro',
        responseId: 'resp_0001',
      },
    ]);
  });

  it('reports thoughts and cached tokens in usageMetadata, merging an earlier usage part', () => {
    const [body] = payloads([
      { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 60 } },
      { type: 'finish', finishReason: 'length', usage: { inputTokens: 100, outputTokens: 50, reasoningTokens: 20 } },
    ]);
    expect(body).toMatchObject({
      candidates: [{ finishReason: 'MAX_TOKENS' }],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 30, thoughtsTokenCount: 20, totalTokenCount: 150, cachedContentTokenCount: 60 },
    });
  });

  it('cuts one-part frames from the same text responseEnvelope writes', () => {
    const model = 'odd "model" \\ \u2028 é';
    const id = 'resp_"1"\n';
    const { prefix, suffix } = onePartEnvelopeText(id, model);
    const parts: JsonObject[] = [{ text: 'a"b\n' }, { text: '', thought: true, thoughtSignature: 'sy:none:' }, { functionCall: { name: 'f', args: {}, id: 'c' } }];
    for (const part of parts) {
      expect(prefix + JSON.stringify(part) + suffix).toBe(JSON.stringify(responseEnvelope([part], id, model)));
    }
  });

  it('writes an error part as a Gemini error frame and nothing after it', () => {
    const frames = encode([
      { type: 'text-delta', id: '0', delta: 'Once' },
      { type: 'error', error: { code: 'upstream_unavailable', message: 'Upstream went away.', status: 503, retryable: true } },
      { type: 'text-delta', id: '0', delta: 'upon' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    expect(frames).toHaveLength(2);
    expect(JSON.parse(frames[1].data)).toEqual({ error: { code: 503, message: 'Upstream went away.', status: 'UNAVAILABLE' } });
  });

  it.each(['text', 'thinking-signature', 'tool-calls-parallel', 'usage-late', 'blocked-prompt'])(
    'decodes its own encoding of the %s fixture to the same response',
    (name) => {
      const frames = readChunksFixture(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));
      const decoder = createGeminiStreamDecoder(createFixedContext('gemini-2.5-pro'));
      const parts = [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
      const again = createGeminiStreamDecoder(createFixedContext('gemini-2.5-pro'));
      const reencoded = encode(parts);
      const reparts = [...reencoded.flatMap((frame) => again.push(frame)), ...again.end()];
      const defaults = { id: 'x', model: 'x', created: 0 };
      const first = aggregateParts(parts, defaults);
      const second = aggregateParts(reparts, defaults);
      expect({ ...second, model: first.model }).toEqual(first);
      expect(responseToParts(second).at(-1)).toEqual(responseToParts(first).at(-1));
    },
  );
});
