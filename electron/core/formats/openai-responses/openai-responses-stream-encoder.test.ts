import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import type { StreamFrame } from '../wire-format.js';
import { OpenAiResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

const request: CanonicalRequest = {
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }],
  stream: true,
};

function encode(parts: CanonicalPart[]): StreamFrame[] {
  const encoder = new OpenAiResponsesStreamEncoder(request, createFixedContext('client-model'));
  return parts.flatMap((part) => encoder.push(part));
}

const events = (frames: StreamFrame[]) => frames.map((frame) => JSON.parse(frame.data) as Record<string, unknown>);

const textAndTools: CanonicalPart[] = [
  { type: 'response-start', id: 'msg_upstream', model: 'claude', created: 1_700_000_000 },
  { type: 'reasoning-start', id: 'r0' },
  { type: 'reasoning-delta', id: 'r0', delta: 'Think' },
  { type: 'reasoning-delta', id: 'r0', delta: 'ing.' },
  { type: 'reasoning-end', id: 'r0', signature: 'EqQBsig', signatureFormat: 'anthropic-messages' },
  { type: 'text-start', id: 't1' },
  { type: 'text-delta', id: 't1', delta: 'Checking ' },
  { type: 'text-delta', id: 't1', delta: 'both.' },
  { type: 'text-end', id: 't1' },
  { type: 'tool-input-start', id: 'call_a', toolName: 'get_weather' },
  { type: 'tool-input-delta', id: 'call_a', delta: '{"city":' },
  { type: 'tool-input-start', id: 'call_b', toolName: 'get_weather' },
  { type: 'tool-input-delta', id: 'call_a', delta: '"Paris"}' },
  { type: 'tool-input-delta', id: 'call_b', delta: '{"city":"Rome"}' },
  { type: 'tool-input-end', id: 'call_a' },
  { type: 'tool-input-end', id: 'call_b' },
  { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 40 } },
  { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 40, reasoningTokens: 5 } },
];

describe('OpenAiResponsesStreamEncoder', () => {
  it('emits the official event order with consecutive sequence numbers and named events', () => {
    const frames = encode(textAndTools);
    const parsed = events(frames);
    expect(frames.every((frame, index) => frame.event === parsed[index].type)).toBe(true);
    expect(parsed.map((event) => event.sequence_number)).toEqual(parsed.map((_, index) => index));
    expect(parsed.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(parsed[0].response).toMatchObject({
      id: 'resp_0001',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'in_progress',
      model: 'client-model',
      output: [],
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false }],
      tool_choice: 'auto',
      parallel_tool_calls: true,
    });
  });

  it('closes with the full output and usage, and prefixes a foreign signature in encrypted_content', () => {
    const completed = events(encode(textAndTools)).at(-1) as { response: Record<string, unknown> };
    expect(completed.response).toMatchObject({
      status: 'completed',
      error: null,
      output: [
        { id: 'rs_0002', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }], encrypted_content: 'sy:anthropic-messages:EqQBsig' },
        { id: 'msg_0003', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Checking both.', annotations: [] }] },
        { id: 'fc_0004', type: 'function_call', status: 'completed', call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'fc_0005', type: 'function_call', status: 'completed', call_id: 'call_b', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage: { input_tokens: 100, input_tokens_details: { cached_tokens: 40 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 120 },
    });
  });

  it('passes an OpenAI signature unchanged and carries redacted thinking on the added item', () => {
    const parsed = events(
      encode([
        { type: 'reasoning-start', id: 'a' },
        { type: 'reasoning-end', id: 'a', signature: 'gAAAAown', signatureFormat: 'openai-responses' },
        { type: 'reasoning-start', id: 'b', redactedData: 'EmwKAhgB' },
        { type: 'reasoning-end', id: 'b' },
        { type: 'finish', finishReason: 'stop' },
      ]),
    );
    const done = parsed.filter((event) => event.type === 'response.output_item.done').map((event) => event.item);
    expect(done).toEqual([
      { id: 'rs_0002', type: 'reasoning', summary: [], encrypted_content: 'gAAAAown' },
      { id: 'rs_0003', type: 'reasoning', summary: [], encrypted_content: 'sy:redacted:EmwKAhgB' },
    ]);
    expect(parsed[4]).toMatchObject({ type: 'response.output_item.added', item: { encrypted_content: 'sy:redacted:EmwKAhgB' } });
  });

  it('ends a length finish with response.incomplete (max_output_tokens)', () => {
    const last = events(encode([{ type: 'text-delta', id: '0', delta: 'cut' }, { type: 'finish', finishReason: 'length' }])).at(-1);
    expect(last).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
  });

  it('closes blocks the upstream left open before the terminal event', () => {
    const types = events(encode([{ type: 'text-start', id: '0' }, { type: 'text-delta', id: '0', delta: 'x' }, { type: 'finish', finishReason: 'stop' }])).map(
      (event) => event.type,
    );
    expect(types.slice(-5)).toEqual([
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('turns an error part into response.failed and sends nothing after it', () => {
    const encoder = new OpenAiResponsesStreamEncoder(request, createFixedContext('client-model'));
    const frames = [
      ...encoder.push({ type: 'response-start', id: 'x', model: 'm', created: 0 }),
      ...encoder.push({ type: 'text-delta', id: '0', delta: 'Partial' }),
      ...encoder.push({ type: 'error', error: { code: 'rate_limited', message: 'Slow down', status: 429, retryable: true } }),
    ];
    const last = events(frames).at(-1);
    expect(last).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' } } });
    expect(frames.some((frame) => frame.event === 'response.completed')).toBe(false);
    expect(encoder.push({ type: 'finish', finishReason: 'stop' })).toEqual([]);
  });

  it('is assembled by the official openai SDK responses.stream() helper', async () => {
    const body = encode(textAndTools)
      .map((frame) => `event: ${frame.event}\ndata: ${frame.data}\n\n`)
      .join('');
    const client = new OpenAI({
      apiKey: 'test-key',
      baseURL: 'http://127.0.0.1:9/v1',
      fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const stream = client.responses.stream({ model: 'client-model', input: 'hi' });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas.join('')).toBe('Checking both.');
    expect(final.output_text).toBe('Checking both.');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(final.usage?.total_tokens).toBe(120);
  });
});
