import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { TranslationError } from '../../errors/switchyard-error.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import { parseAnthropicMessagesResponse, renderAnthropicMessagesResponse } from './anthropic-messages-response.js';
import { AnthropicMessagesStreamDecoder } from './anthropic-messages-stream-decoder.js';

const request: CanonicalRequest = { model: 'claude-sonnet-4-5', system: [], messages: [], tools: [], stream: false };

/** What the Messages API returns without streaming for the content of thinking-text-tool.chunks.txt. */
const toolTurnBody = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'thinking', thinking: 'Let me…', signature: 'EqQB…' },
    { type: 'text', text: 'Hello' },
    { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 25, output_tokens: 89, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
};

const stopSequenceBody = {
  id: 'msg_04Red',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [
    { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' },
    { type: 'text', text: 'one, two, ' },
  ],
  stop_reason: 'stop_sequence',
  stop_sequence: 'three',
  usage: { input_tokens: 9, output_tokens: 7, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
};

describe('anthropic-messages responses', () => {
  it('renders the aggregated stream exactly as the API’s own non-streamed body for the same content', () => {
    for (const [fixture, body] of [
      ['thinking-text-tool', toolTurnBody],
      ['redacted-stop-sequence', stopSequenceBody],
    ] as const) {
      const context = createFixedContext('claude-sonnet-4-5');
      const decoder = new AnthropicMessagesStreamDecoder(context);
      const frames = readChunksFixture(new URL(`./__fixtures__/${fixture}.chunks.txt`, import.meta.url));
      const parts = frames.flatMap((frame) => decoder.push(frame));
      const aggregated = aggregateParts(parts, { id: 'x', model: 'x', created: 0 });
      expect(renderAnthropicMessagesResponse(aggregated, request, context)).toEqual(body);
      // The non-stream parser reaches the same canonical response as the stream.
      expect(parseAnthropicMessagesResponse(body, context)).toEqual(aggregated);
    }
  });

  it('parses a non-streamed body with cache usage into a canonical response', () => {
    const response = parseAnthropicMessagesResponse(
      {
        ...toolTurnBody,
        usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50 },
      },
      createFixedContext(),
    );
    expect(response).toEqual({
      id: 'msg_01',
      model: 'claude-sonnet-4-5',
      created: 1_700_000_000,
      content: [
        { type: 'reasoning', text: 'Let me…', signature: 'EqQB…', signatureFormat: 'anthropic-messages' },
        { type: 'text', text: 'Hello' },
        { type: 'tool-call', id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      finishReason: 'tool-calls',
      rawFinishReason: 'tool_use',
      usage: { inputTokens: 1060, outputTokens: 5, cachedInputTokens: 1000, cacheCreationInputTokens: 50 },
    });
  });

  it('skips server tool blocks in a non-streamed body, like the stream decoder', () => {
    const response = parseAnthropicMessagesResponse(
      {
        ...toolTurnBody,
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'Sunny.' },
        ],
        stop_reason: 'end_turn',
      },
      createFixedContext(),
    );
    expect(response.content).toEqual([{ type: 'text', text: 'Sunny.' }]);
  });

  it('throws a TranslationError for a body that is not a message', () => {
    expect(() => parseAnthropicMessagesResponse({ type: 'error', error: { type: 'api_error', message: 'x' } }, createFixedContext())).toThrow(
      TranslationError,
    );
  });

  it('renders a response from another upstream: minted msg_ id, client model, prefixed foreign signature, wrapped custom input', () => {
    const response: CanonicalResponse = {
      id: 'resp_123',
      model: 'gpt-5',
      created: 1,
      content: [
        { type: 'reasoning', text: 'plan', signature: 'enc', signatureFormat: 'openai-responses' },
        { type: 'reasoning', text: 'unsigned' },
        { type: 'tool-call', id: 'call_1', name: 'apply_patch', arguments: '*** Begin Patch', kind: 'custom' },
        { type: 'tool-call', id: 'call_2', name: 'f', arguments: '{broken' },
      ],
      finishReason: 'stop',
      usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 40 },
    };
    expect(renderAnthropicMessagesResponse(response, request, createFixedContext('claude-code-model'))).toEqual({
      id: 'msg_0001',
      type: 'message',
      role: 'assistant',
      model: 'claude-code-model',
      content: [
        { type: 'thinking', thinking: 'plan', signature: 'sy:openai-responses:enc' },
        // Unsigned reasoning is marked, so a passthrough to Claude can drop it.
        { type: 'thinking', thinking: 'unsigned', signature: 'sy:none:' },
        { type: 'tool_use', id: 'call_1', name: 'apply_patch', input: { input: '*** Begin Patch' } },
        { type: 'tool_use', id: 'call_2', name: 'f', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 60, output_tokens: 20, cache_read_input_tokens: 40, cache_creation_input_tokens: 0 },
    });
  });

  it.each([
    ['length', 'max_tokens'],
    ['content-filter', 'end_turn'],
    ['pause', 'pause_turn'],
    ['refusal', 'refusal'],
  ] as const)('renders finish %s as stop_reason %s', (finishReason, stopReason) => {
    const response: CanonicalResponse = { id: 'msg_1', model: 'm', created: 1, content: [{ type: 'text', text: 'x' }], finishReason, usage: { inputTokens: 1, outputTokens: 1 } };
    expect(renderAnthropicMessagesResponse(response, request, createFixedContext())).toMatchObject({ stop_reason: stopReason, stop_sequence: null });
  });
});
