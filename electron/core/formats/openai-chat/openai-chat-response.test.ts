import { describe, expect, it } from 'vitest';
import { aggregateParts, responseToParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { TranslationError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import { openAiChatFormat } from './openai-chat-format.js';
import { OpenAiChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAiChatStreamEncoder } from './openai-chat-stream-encoder.js';

const fixture = (name: string) => readChunksFixture(new URL(`./__fixtures__/${name}`, import.meta.url));
const request: CanonicalRequest = { model: 'm', system: [], messages: [], tools: [], stream: false };

/** What an OpenAI server returns without streaming for the same content as parallel-tool-calls.chunks.txt. */
const parallelToolCallsBody = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Checking both cities.',
        tool_calls: [
          { id: 'call_paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_rome', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
  usage: {
    prompt_tokens: 30,
    completion_tokens: 25,
    total_tokens: 55,
    prompt_tokens_details: { cached_tokens: 16 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};

function decodeFixture(name: string): CanonicalResponse {
  const decoder = new OpenAiChatStreamDecoder(createFixedContext('m'));
  const parts = [...fixture(name).flatMap((frame) => decoder.push(frame)), ...decoder.end()];
  return aggregateParts(parts, { id: '', model: '', created: 0 });
}

describe('renderOpenAiChatResponse', () => {
  it('renders an aggregated stream as exactly the non-streamed body an upstream sends for it', () => {
    const rendered = openAiChatFormat.renderResponse(decodeFixture('parallel-tool-calls.chunks.txt'), request, createFixedContext('m'));
    expect(rendered).toEqual(parallelToolCallsBody);
  });

  it('renders reasoning as reasoning_content and content null when only tool calls remain', () => {
    const response: CanonicalResponse = {
      id: 'msg_01',
      model: 'claude-sonnet-4-5',
      created: 9,
      content: [
        { type: 'reasoning', text: 'think', signature: 'sig', signatureFormat: 'anthropic-messages' },
        { type: 'tool-call', id: 'toolu_1', name: 'f', arguments: '{}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 12, outputTokens: 4 },
    };
    expect(openAiChatFormat.renderResponse(response, request, createFixedContext('client-name'))).toEqual({
      id: 'chatcmpl-msg_01',
      object: 'chat.completion',
      created: 9,
      model: 'client-name',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            reasoning_content: 'think',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 4,
        total_tokens: 16,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it('agrees with the stream encoder on the same response', () => {
    const response = decodeFixture('reasoning.chunks.txt');
    const rendered = openAiChatFormat.renderResponse(response, request, createFixedContext('m'));
    const encoder = new OpenAiChatStreamEncoder({ ...request, includeUsage: true }, createFixedContext('m'));
    const chunks = responseToParts(response)
      .flatMap((part) => encoder.push(part))
      .filter((frame) => frame.data !== '[DONE]')
      .map((frame) => JSON.parse(frame.data));
    const streamedReasoning = chunks.map((chunk) => chunk.choices[0]?.delta.reasoning_content ?? '').join('');
    const streamedText = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const choice = (rendered.choices as Array<{ message: { content: string; reasoning_content: string }; finish_reason: string }>)[0];
    expect(choice.message.reasoning_content).toBe(streamedReasoning);
    expect(choice.message.content).toBe(streamedText);
    expect(choice.finish_reason).toBe(chunks.at(-2).choices[0].finish_reason);
    expect(rendered.usage).toEqual(chunks.at(-1).usage);
    expect(rendered.id).toBe(chunks[0].id);
  });
});

describe('parseOpenAiChatResponse', () => {
  it('reads a full OpenAI body into the same canonical response the stream aggregates to', () => {
    const parsed = openAiChatFormat.parseResponse(parallelToolCallsBody, createFixedContext('m'));
    expect(parsed).toEqual(decodeFixture('parallel-tool-calls.chunks.txt'));
  });

  it('tolerates a local server body without id, created, usage or finish_reason', () => {
    const parsed = openAiChatFormat.parseResponse(
      {
        choices: [
          {
            message: {
              role: 'assistant',
              content: 'Hi there',
              reasoning: 'short',
              tool_calls: [{ function: { name: 'f', arguments: '{"a":1}' } }],
            },
          },
        ],
      },
      createFixedContext('client-model', 777),
    );
    expect(parsed).toEqual({
      id: 'chatcmpl-0001',
      model: 'client-model',
      created: 777,
      content: [
        { type: 'reasoning', text: 'short' },
        { type: 'text', text: 'Hi there' },
        { type: 'tool-call', id: 'call_0002', name: 'f', arguments: '{"a":1}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 0, outputTokens: 0 },
    });
  });

  it('maps finish reasons length and content_filter, and keeps cached and reasoning usage', () => {
    const body = (finish: string) => ({
      choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: finish }],
      usage: { prompt_tokens: 5, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 3 }, completion_tokens_details: { reasoning_tokens: 1 } },
    });
    const context = createFixedContext();
    expect(openAiChatFormat.parseResponse(body('length'), context).finishReason).toBe('length');
    const filtered = openAiChatFormat.parseResponse(body('content_filter'), context);
    expect(filtered.finishReason).toBe('content-filter');
    expect(filtered.usage).toEqual({ inputTokens: 5, outputTokens: 2, cachedInputTokens: 3, reasoningTokens: 1 });
  });

  it('throws on an error body and on bodies that are not Chat responses', () => {
    const context = createFixedContext();
    expect(() => openAiChatFormat.parseResponse({ error: { message: 'model not found', type: 'invalid_request_error' } }, context)).toThrow(
      UpstreamHttpError,
    );
    expect(() => openAiChatFormat.parseResponse('oops', context)).toThrow(TranslationError);
    expect(() => openAiChatFormat.parseResponse({ object: 'list' }, context)).toThrow(TranslationError);
  });
});
