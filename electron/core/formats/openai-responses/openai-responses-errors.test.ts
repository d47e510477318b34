import { describe, expect, it } from 'vitest';
import { parseOpenAiResponsesError, renderOpenAiResponsesError } from './openai-responses-errors.js';

describe('Responses error bodies', () => {
  it('renders the OpenAI error body', () => {
    expect(renderOpenAiResponsesError({ code: 'bad_request', message: 'Invalid request body: input: required', status: 400, retryable: false, param: 'input' })).toEqual({
      error: { message: 'Invalid request body: input: required', type: 'invalid_request_error', code: 'bad_request', param: 'input' },
    });
    expect(renderOpenAiResponsesError({ code: 'rate_limited', message: 'Slow down', status: 429, retryable: true })).toMatchObject({
      error: { type: 'rate_limit_error', param: null },
    });
  });

  it('reads the Codex backend bodies', () => {
    expect(parseOpenAiResponsesError(400, { detail: 'Store must be set to false' })).toEqual({ message: 'Store must be set to false' });
    expect(
      parseOpenAiResponsesError(429, {
        error: { type: 'usage_limit_reached', message: 'You have hit your ChatGPT usage limit', plan_type: 'plus', resets_in_seconds: 120 },
      }),
    ).toEqual({ message: 'You have hit your ChatGPT usage limit', type: 'usage_limit_reached' });
    expect(parseOpenAiResponsesError(500, 'upstream exploded')).toEqual({ message: 'upstream exploded' });
  });
});
