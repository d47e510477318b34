/**
 * The encoder's frames read by the real @google/genai client, and the bodies that client sends read
 * by parseRequest: a loopback server stands in for the Switchyard route.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, GoogleGenAI, Type } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { parseGeminiRequest } from './gemini-request.js';
import { createGeminiStreamEncoder } from './gemini-stream-encoder.js';

interface Received {
  url: string;
  body: unknown;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
let replies: CanonicalPart[][] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', body: JSON.parse(text) });
      const parts = replies.shift() ?? [];
      const encoder = createGeminiStreamEncoder({ model: 'm', system: [], messages: [], tools: [], stream: true }, createFixedContext('gemini-2.5-pro'));
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const part of parts) for (const frame of encoder.push(part)) response.write(`data: ${frame.data}\n\n`);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  replies = [];
});

const client = () => new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl } });

describe('@google/genai against the Gemini translators', () => {
  it('streams thoughts, text, a function call and usage that the SDK reads, from a request parseRequest reads', async () => {
    replies.push([
      { type: 'response-start', id: 'msg_1', model: 'claude-sonnet-4-5', created: 1 },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Need the weather.' },
      { type: 'reasoning-end', id: 'r', signature: 'EqQBCkgI', signatureFormat: 'anthropic-messages' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Let me ' },
      { type: 'text-delta', id: 't', delta: 'check.' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'toolu_1', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'toolu_1' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 30, outputTokens: 20, reasoningTokens: 5 } },
    ]);
    const stream = await client().models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: 'Weather in Paris?',
      config: {
        systemInstruction: 'Be brief.',
        temperature: 0.5,
        maxOutputTokens: 300,
        stopSequences: ['END'],
        thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
        tools: [
          {
            functionDeclarations: [
              { name: 'get_weather', description: 'Weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } },
            ],
          },
        ],
      },
    });
    let answer = '';
    let thoughts = '';
    const calls: unknown[] = [];
    let finishReason: string | undefined;
    let usage: unknown;
    for await (const chunk of stream) {
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
        if (part.thought) thoughts += part.text ?? '';
        else if (part.text) answer += part.text;
      }
      calls.push(...(chunk.functionCalls ?? []));
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
      usage = chunk.usageMetadata ?? usage;
    }
    expect({ thoughts, answer, calls, finishReason, usage }).toEqual({
      thoughts: 'Need the weather.',
      answer: 'Let me check.',
      calls: [{ name: 'get_weather', args: { city: 'Paris' }, id: 'toolu_1' }],
      finishReason: 'STOP',
      usage: { promptTokenCount: 30, candidatesTokenCount: 15, thoughtsTokenCount: 5, totalTokenCount: 50 },
    });

    expect(received[0].url).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    const request = parseGeminiRequest(received[0].body, { model: 'gemini-2.5-pro', stream: true });
    expect(request).toMatchObject({
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      temperature: 0.5,
      maxOutputTokens: 300,
      stopSequences: ['END'],
      reasoning: { budgetTokens: 1024, includeThoughts: true },
    });
  });

  it('keeps a chat history the next request replays with its foreign signature and call id intact', async () => {
    replies.push(
      [
        { type: 'response-start', id: 'msg_1', model: 'claude', created: 1 },
        { type: 'reasoning-delta', id: 'r', delta: 'Hmm.' },
        { type: 'reasoning-end', id: 'r', signature: 'EqQBCkgI', signatureFormat: 'anthropic-messages' },
        { type: 'tool-input-start', id: 'toolu_9', toolName: 'lookup' },
        { type: 'tool-input-delta', id: 'toolu_9', delta: '{}' },
        { type: 'tool-input-end', id: 'toolu_9' },
        { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 1, outputTokens: 1 } },
      ],
      [
        { type: 'text-delta', id: 't', delta: 'Done.' },
        { type: 'finish', finishReason: 'stop', usage: { inputTokens: 2, outputTokens: 1 } },
      ],
    );
    const chat = client().chats.create({ model: 'gemini-2.5-pro' });
    for await (const chunk of await chat.sendMessageStream({ message: 'Look it up' })) void chunk;
    for await (const chunk of await chat.sendMessageStream({ message: { functionResponse: { id: 'toolu_9', name: 'lookup', response: { found: true } } } })) void chunk;

    const replay = parseGeminiRequest(received[1].body, { model: 'gemini-2.5-pro', stream: true });
    expect(replay.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Look it up' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Hmm.', signature: 'EqQBCkgI', signatureFormat: 'anthropic-messages' },
          { type: 'tool-call', id: 'toolu_9', name: 'lookup', arguments: '{}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_9', toolName: 'lookup', content: [{ type: 'text', text: '{"found":true}' }] }] },
    ]);
  });

  it('raises an error frame as an ApiError with its HTTP status', async () => {
    replies.push([
      { type: 'text-delta', id: 't', delta: 'Once' },
      { type: 'error', error: { code: 'upstream_unavailable', message: 'Upstream went away.', status: 503, retryable: true } },
    ]);
    const read = async () => {
      for await (const chunk of await client().models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'Tell a story' })) void chunk;
    };
    const error = await read().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).message).toContain('Upstream went away.');
  });
});
