/** The fake Gemini API: §4 frames (SSE and JSON array), key checks, schema and thought-signature strictness. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SKIP_THOUGHT_SIGNATURE, startFakeGemini, type FakeGemini } from './index.js';
import { parseSse, readUntilEnd, send } from './fake-test-helpers.js';

const KEY = 'fake-gemini-key';
const keyed = { 'x-goog-api-key': KEY };
const user = (text: string) => ({ role: 'user', parts: [{ text }] });
const body = (extra: Record<string, unknown> = {}) => ({ contents: [user('hi')], ...extra });
type Json = Record<string, unknown>;
type Candidate = { content: { role: string; parts: Json[] }; finishReason?: string };

describe('fake Gemini upstream', () => {
  let fake: FakeGemini;
  let models: string;
  const post = (action: string, payload: unknown, headers: Record<string, string> = keyed) => send(`${models}/gemini-2.5-pro:${action}`, { body: payload, headers });

  beforeEach(async () => {
    fake = await startFakeGemini({ apiKey: KEY });
    models = `${fake.url}/v1beta/models`;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('lists models', async () => {
    const response = await send(models, { headers: keyed });
    expect(response.json).toMatchObject({ models: [{ name: 'models/gemini-2.5-pro' }, { name: 'models/gemini-2.5-flash' }] });
  });

  it('accepts the key as x-goog-api-key or ?key=, and rejects a missing or wrong key', async () => {
    expect((await send(`${models}?key=${KEY}`)).status).toBe(200);
    expect(await send(models)).toMatchObject({ status: 403, json: { error: { code: 403, status: 'PERMISSION_DENIED' } } });
    expect(await send(`${models}?key=wrong`)).toMatchObject({ status: 400, json: { error: { status: 'INVALID_ARGUMENT', message: expect.stringMatching(/API key not valid/) } } });
  });

  it('streams SSE data frames with ?alt=sse, no [DONE], finishReason and usage on the last frame', async () => {
    fake.enqueue({ reasoning: { text: 'Think first' }, text: 'Hello there', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], usage: { input: 15, output: 6, reasoning: 4 } });
    const response = await post('streamGenerateContent?alt=sse', body());
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.text).not.toContain('[DONE]');
    const frames = parseSse(response.text);
    expect(frames.every((frame) => frame.event === undefined)).toBe(true);
    const data = frames.map((frame) => JSON.parse(frame.data) as Json);
    const candidates = data.map((frame) => (frame.candidates as Candidate[])[0]);
    const parts = candidates.flatMap((candidate) => candidate.content.parts);
    expect(parts.filter((part) => part.thought === true).map((part) => part.text).join('')).toBe('Think first');
    const thoughtSignature = parts.filter((part) => part.thought === true).at(-1)?.thoughtSignature as string;
    expect(fake.issuedSignatures.has(thoughtSignature)).toBe(true);
    expect(parts.filter((part) => typeof part.text === 'string' && !part.thought).map((part) => part.text).join('')).toBe('Hello there');
    const call = parts.find((part) => part.functionCall);
    expect(call?.functionCall).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
    expect(fake.issuedSignatures.has(call?.thoughtSignature as string)).toBe(true);
    expect(candidates.slice(0, -1).every((candidate) => candidate.finishReason === undefined)).toBe(true);
    expect(candidates.at(-1)?.finishReason).toBe('STOP');
    expect(data.at(-1)?.usageMetadata).toEqual({ promptTokenCount: 15, candidatesTokenCount: 6, thoughtsTokenCount: 4, totalTokenCount: 25 });
    expect(data.every((frame) => frame.modelVersion === 'gemini-2.5-pro' && frame.responseId === data[0].responseId)).toBe(true);
  });

  it('answers streamGenerateContent without alt=sse as one JSON array', async () => {
    const response = await post('streamGenerateContent', body());
    const frames = response.json as Array<{ candidates: Candidate[] }>;
    expect(Array.isArray(frames)).toBe(true);
    expect(frames.map((frame) => frame.candidates[0].content.parts[0].text).join('')).toBe('Hello from the fake upstream.');
    expect(frames.at(-1)?.candidates[0].finishReason).toBe('STOP');
  });

  it('answers generateContent with merged parts', async () => {
    fake.enqueue({ reasoning: { text: 'a b' }, text: 'c d', finish: 'length' });
    const response = (await post('generateContent', body())).json as { candidates: Candidate[]; usageMetadata: Json };
    const candidate = response.candidates[0];
    expect(candidate.content.parts).toEqual([{ text: 'a b', thought: true, thoughtSignature: expect.any(String) }, { text: 'c d' }]);
    expect(candidate.finishReason).toBe('MAX_TOKENS');
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 10 });
  });

  it('counts tokens', async () => {
    const response = await post('countTokens', body());
    expect(response.status).toBe(200);
    expect((response.json as { totalTokens: number }).totalTokens).toBeGreaterThan(0);
  });

  it('accepts replayed function calls carrying an issued signature or the skip literal', async () => {
    fake.enqueue({ toolCalls: [{ name: 'f', arguments: '{}' }] });
    const first = (await post('generateContent', body())).json as { candidates: Candidate[] };
    const modelTurn = first.candidates[0].content;
    const answer = { role: 'user', parts: [{ functionResponse: { name: 'f', response: { result: 'ok' } } }] };
    expect((await post('generateContent', body({ contents: [user('hi'), modelTurn, answer] }))).status).toBe(200);
    const skipped = { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }] };
    expect((await post('generateContent', body({ contents: [user('hi'), skipped, answer] }))).status).toBe(200);
  });

  it('sends a mid-stream error as an error frame', async () => {
    fake.enqueue({ text: 'partial', midStreamError: { type: 'INTERNAL', message: 'boom' } });
    const frames = parseSse((await post('streamGenerateContent?alt=sse', body())).text);
    expect(JSON.parse(frames.at(-1)?.data ?? '')).toEqual({ error: { code: 500, message: 'boom', status: 'INTERNAL' } });
  });

  describe('rejects what Gemini rejects', () => {
    const schemaTool = (parameters: Json) => ({ tools: [{ functionDeclarations: [{ name: 'f', description: 'd', parameters }] }] });
    const cases: Array<[string, () => Promise<{ status: number; json: unknown }>, number, RegExp]> = [
      ['empty contents', () => post('generateContent', { contents: [] }), 400, /contents is not specified/],
      ['missing contents', () => post('streamGenerateContent?alt=sse', {}), 400, /contents is not specified/],
      ['a leading model turn', () => post('generateContent', { contents: [{ role: 'model', parts: [{ text: 'x' }] }, user('y')] }), 400, /starting with a user turn/],
      ['an invalid role', () => post('generateContent', { contents: [user('x'), { role: 'assistant', parts: [{ text: 'y' }] }] }), 400, /valid role/],
      ['$schema in a tool schema', () => post('generateContent', body(schemaTool({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }))), 400, /Unknown name "\$schema" at 'tools\[0\]\.function_declarations\[0\]\.parameters'/],
      ['nested additionalProperties', () => post('generateContent', body(schemaTool({ type: 'object', properties: { city: { type: 'object', additionalProperties: false } } }))), 400, /Unknown name "additionalProperties"/],
      ['$comment', () => post('generateContent', body(schemaTool({ type: 'object', $comment: 'x' }))), 400, /Unknown name "\$comment"/],
      [
        'a function call without thoughtSignature',
        () => post('generateContent', body({ contents: [user('x'), { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] }, user('y')] })),
        400,
        /missing a thought_signature/,
      ],
      [
        'a forged thoughtSignature',
        () => post('generateContent', body({ contents: [user('x'), { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'forged' }] }, user('y')] })),
        400,
        /Corrupted thought signature/,
      ],
      ['an unknown model', () => send(`${models}/gemini-nope:generateContent`, { body: body(), headers: keyed }), 404, /is not found for API version v1beta/],
    ];
    it.each(cases)('%s', async (_name, call, status, message) => {
      const response = await call();
      expect(response.status).toBe(status);
      const error = (response.json as { error: { code: number; message: string; status: string } }).error;
      expect(error.code).toBe(status);
      expect(error.status).toBe(status === 400 ? 'INVALID_ARGUMENT' : 'NOT_FOUND');
      expect(error.message).toMatch(message);
    });

    it('does not mistake a property named additionalProperties for the keyword', async () => {
      const response = await post('generateContent', body(schemaTool({ type: 'object', properties: { additionalProperties: { type: 'string' } } })));
      expect(response.status).toBe(200);
    });
  });

  describe('faults', () => {
    it('429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE in the Google error shape', async () => {
      fake.enqueueFault({ kind: 'status', status: 429 }, { kind: 'status', status: 503 });
      expect(await post('generateContent', body())).toMatchObject({ status: 429, json: { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } } });
      expect(await post('generateContent', body())).toMatchObject({ status: 503, json: { error: { code: 503, status: 'UNAVAILABLE' } } });
    });

    it('a cut inside the JSON array leaves it unterminated', async () => {
      fake.enqueueFault({ kind: 'cut', afterChunks: 2 });
      const result = await readUntilEnd(`${models}/gemini-2.5-pro:streamGenerateContent`, { body: body(), headers: keyed });
      expect(result.text.startsWith('[')).toBe(true);
      expect(result.text.endsWith(']')).toBe(false);
      expect(result.error).toBeInstanceOf(Error);
    });
  });
});
