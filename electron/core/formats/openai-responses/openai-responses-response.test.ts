import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalRequest, JsonObject, JsonValue } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { SwitchyardError, TranslationError } from '../../errors/switchyard-error.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import { parseOpenAiResponsesResponse, renderOpenAiResponsesResponse } from './openai-responses-response.js';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder.js';

const fixture = (name: string) => readChunksFixture(new URL(`./__fixtures__/${name}`, import.meta.url));
const request: CanonicalRequest = { model: 'gpt-5-codex', system: [], messages: [], tools: [], stream: false };

/** The upstream's own non-stream body: the response object of the fixture's response.completed event. */
function completedBody(name: string): JsonObject {
  const last = fixture(name).at(-1);
  return (JSON.parse(last?.data ?? '{}') as { response: JsonObject }).response;
}

/** Ids are minted per response and reasoning summaries are joined into one part; compare the rest. */
function comparable(body: JsonObject): JsonValue {
  const output = (body.output as JsonObject[]).map((item) => {
    const { id: _id, ...rest } = item;
    if (rest.type !== 'reasoning') return rest;
    const summary = (rest.summary as JsonObject[]).map((part) => part.text).join('\n\n');
    return { ...rest, summary: summary ? [{ type: 'summary_text', text: summary }] : [] };
  });
  return { object: body.object, status: body.status, model: body.model, output, usage: body.usage ?? null };
}

describe('Responses non-stream bodies', () => {
  it('renders aggregated stream parts as the same body the upstream returns', () => {
    for (const name of ['text.chunks.txt', 'reasoning-parallel-tools.chunks.txt']) {
      const context = createFixedContext('gpt-5-codex');
      const decoder = new OpenAiResponsesStreamDecoder(context);
      const parts = fixture(name).flatMap((frame) => decoder.push(frame));
      const response = aggregateParts(parts, { id: 'x', model: 'x', created: 0 });
      const rendered = renderOpenAiResponsesResponse(response, request, context);
      const upstream = completedBody(name);
      expect(rendered.id).toBe(upstream.id);
      expect(rendered.created_at).toBe(upstream.created_at);
      expect(comparable(rendered)).toEqual(comparable(upstream));
    }
  });

  it('parses an upstream body through the stream mapping', () => {
    const response = parseOpenAiResponsesResponse(completedBody('reasoning-parallel-tools.chunks.txt'), createFixedContext());
    expect(response).toMatchObject({
      id: 'resp_2',
      model: 'gpt-5-codex',
      created: 1_700_000_100,
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 64, reasoningTokens: 12 },
    });
    expect(response.content).toEqual([
      {
        type: 'reasoning',
        text: '**Planning** both lookups\n\nCalling them in parallel.',
        signature: 'gAAAAABoEncryptedReasoning==',
        signatureFormat: 'openai-responses',
        providerMetadata: { 'openai-responses': { itemId: 'rs_1' } },
      },
      { type: 'text', text: 'Checking both.', providerMetadata: { 'openai-responses': { itemId: 'msg_2' } } },
      { type: 'tool-call', id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', providerMetadata: { 'openai-responses': { itemId: 'fc_1' } } },
      { type: 'tool-call', id: 'call_b', name: 'get_time', arguments: '{"zone":"CET"}', providerMetadata: { 'openai-responses': { itemId: 'fc_2' } } },
    ]);
  });

  it('tolerates output items that lack text, summaries or arguments', () => {
    const response = parseOpenAiResponsesResponse(
      {
        id: 'resp_t',
        status: 'completed',
        output: [
          { type: 'message', id: 'm', content: [{ type: 'output_text' }] },
          { type: 'message', id: 'm2' },
          { type: 'reasoning', id: 'r' },
          { type: 'function_call', id: 'f', call_id: 'c', name: 'shell' },
          { type: 'web_search_call', id: 'w', status: 'completed' },
          'garbage',
        ],
      },
      createFixedContext(),
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: '', providerMetadata: { 'openai-responses': { itemId: 'r' } } },
      { type: 'tool-call', id: 'c', name: 'shell', arguments: '', providerMetadata: { 'openai-responses': { itemId: 'f' } } },
    ]);
    expect(response.finishReason).toBe('tool-calls');
  });

  it('maps an incomplete body to length and a failed body to an error', () => {
    const incomplete = parseOpenAiResponsesResponse(completedBody('incomplete.chunks.txt'), createFixedContext());
    expect(incomplete).toMatchObject({ finishReason: 'length', rawFinishReason: 'max_output_tokens' });
    expect(() =>
      parseOpenAiResponsesResponse({ id: 'r', status: 'failed', error: { code: 'rate_limit_exceeded', message: 'slow' }, output: [] }, createFixedContext()),
    ).toThrow(expect.objectContaining({ status: 429, code: 'rate_limited', message: 'slow' }) as SwitchyardError);
    expect(() => parseOpenAiResponsesResponse('nope', createFixedContext())).toThrow(TranslationError);
  });

  it('renders a canonical response from another upstream as a Responses object', () => {
    const response: CanonicalResponse = {
      id: 'msg_claude',
      model: 'claude-sonnet-4-5',
      created: 1_700_000_000,
      content: [
        { type: 'reasoning', text: 'Thinking', signature: 'EqQB', signatureFormat: 'anthropic-messages' },
        { type: 'text', text: 'Partial answer' },
      ],
      finishReason: 'length',
      usage: { inputTokens: 10, outputTokens: 5 },
    };
    const body = renderOpenAiResponsesResponse(response, request, createFixedContext('client-model'));
    expect(body).toMatchObject({
      id: 'resp_0001',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      model: 'client-model',
      error: null,
      output: [
        { id: 'rs_0002', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking' }], encrypted_content: 'sy:anthropic-messages:EqQB' },
        { id: 'msg_0003', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Partial answer', annotations: [] }] },
      ],
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 },
    });
  });
});
