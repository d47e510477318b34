import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { SwitchyardError, TranslationError } from '../../errors/switchyard-error.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import { parseGeminiResponse, renderGeminiResponse } from './gemini-response.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';

const request: CanonicalRequest = { model: 'gemini-2.5-pro', system: [], messages: [], tools: [], stream: false };
const now = 1_700_000_000;

/** The non-streamed body Gemini returns for the same answer as thinking-signature.chunks.txt. */
const thinkingBody = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'Let me think about it.', thought: true, thoughtSignature: 'CiQB0e2Kb3Rob3VnaHQ=' },
          { text: 'The answer is 42.', thoughtSignature: 'CiQB0e2KYW5zd2Vy' },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 8, thoughtsTokenCount: 30, totalTokenCount: 58, cachedContentTokenCount: 12 },
  modelVersion: 'gemini-2.5-pro',
  responseId: 'resp-think-1',
};

const toolsBody = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'Checking both cities.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'call_0001' }, thoughtSignature: 'CiQB0e2KY2FsbHM=' },
          { functionCall: { name: 'get_weather', args: { city: 'Tokyo', unit: 'celsius' }, id: 'call_0002' } },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 40, totalTokenCount: 160 },
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-tools-1',
};

function decodeFixture(name: string, model: string): CanonicalResponse {
  const frames = readChunksFixture(new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url));
  const decoder = createGeminiStreamDecoder(createFixedContext(model, now));
  const parts = [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
  return aggregateParts(parts, { id: '', model, created: now });
}

describe('Gemini whole responses', () => {
  it.each([
    ['thinking-signature', 'gemini-2.5-pro', thinkingBody],
    ['tool-calls-parallel', 'gemini-2.5-flash', toolsBody],
  ] as const)('renders the aggregate of the %s stream as the body Gemini returns for it', (name, model, body) => {
    const streamed = decodeFixture(name, model);
    expect(renderGeminiResponse(streamed, request, createFixedContext(model, now))).toEqual(body);
  });

  it.each([
    ['thinking-signature', 'gemini-2.5-pro', thinkingBody],
    ['tool-calls-parallel', 'gemini-2.5-flash', toolsBody],
  ] as const)('parses the %s body to what the stream aggregates to', (name, model, body) => {
    expect(parseGeminiResponse(body, createFixedContext(model, now))).toEqual(decodeFixture(name, model));
  });

  it('reads the canonical response of a plain answer, with thoughts in the output count', () => {
    expect(parseGeminiResponse(thinkingBody, createFixedContext('client', now))).toEqual({
      id: 'resp-think-1',
      model: 'gemini-2.5-pro',
      created: now,
      content: [
        { type: 'reasoning', text: 'Let me think about it.', signature: 'CiQB0e2Kb3Rob3VnaHQ=', signatureFormat: 'gemini' },
        { type: 'text', text: 'The answer is 42.', providerMetadata: { gemini: { thoughtSignature: 'CiQB0e2KYW5zd2Vy' } } },
      ],
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 20, outputTokens: 38, reasoningTokens: 30, cachedInputTokens: 12 },
    });
  });

  it('keeps grounding, safety ratings and prompt feedback for a Gemini client', () => {
    const body = {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'Paris.' }] },
          finishReason: 'STOP',
          index: 0,
          groundingMetadata: { webSearchQueries: ['capital of France'] },
          safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
        },
      ],
      promptFeedback: { safetyRatings: [] },
      usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'r1',
    };
    const context = createFixedContext('gemini-2.5-flash', now);
    expect(renderGeminiResponse(parseGeminiResponse(body, context), request, context)).toEqual(body);
  });

  it('renders foreign reasoning with a sy: signature and an answer without parts as one empty text', () => {
    const response: CanonicalResponse = {
      id: 'msg_1',
      model: 'claude-sonnet-4-5',
      created: now,
      content: [{ type: 'reasoning', text: 'Hmm', signature: 'EqQB', signatureFormat: 'anthropic-messages' }],
      finishReason: 'length',
      usage: { inputTokens: 3, outputTokens: 4 },
    };
    const body = renderGeminiResponse(response, request, createFixedContext('gemini-2.5-pro', now));
    expect(body.candidates).toEqual([
      {
        content: { role: 'model', parts: [{ text: 'Hmm', thought: true, thoughtSignature: 'sy:anthropic-messages:EqQB' }] },
        finishReason: 'MAX_TOKENS',
        index: 0,
      },
    ]);
    const empty = renderGeminiResponse({ ...response, content: [], finishReason: 'stop' }, request, createFixedContext('gemini-2.5-pro', now));
    expect(empty.candidates).toEqual([{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }]);
  });

  it('reads the JSON-array form and tolerates a body without finishReason', () => {
    const response = parseGeminiResponse(
      [
        { candidates: [{ content: { parts: [{ text: 'a' }] } }], responseId: 'r' },
        { candidates: [{ content: { parts: [{ text: 'b' }] } }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 2 } },
      ],
      createFixedContext('m', now),
    );
    expect(response).toMatchObject({ id: 'r', content: [{ type: 'text', text: 'ab' }], finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2 } });
  });

  it('throws the upstream error carried in a body, and a TranslationError for a body that is no response', () => {
    const error = (() => {
      try {
        parseGeminiResponse({ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }, createFixedContext());
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'Quota exceeded', upstreamType: 'RESOURCE_EXHAUSTED', retryable: true });
    expect(() => parseGeminiResponse('nope', createFixedContext())).toThrow(TranslationError);
    expect(() => parseGeminiResponse([], createFixedContext())).toThrow(TranslationError);
  });
});
