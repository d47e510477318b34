import { describe, expect, it } from 'vitest';
import { BadRequestError, QuotaError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { openAiStreamErrorShape, parseOpenAiError, renderOpenAiError } from './openai-chat-errors.js';
import { openAiChatFormat } from './openai-chat-format.js';

describe('renderOpenAiError', () => {
  it('renders a bad request with the field at fault', () => {
    expect(renderOpenAiError(new BadRequestError('Invalid request body: messages: too small', 'messages').toShape())).toEqual({
      error: { message: 'Invalid request body: messages: too small', type: 'invalid_request_error', code: 'bad_request', param: 'messages' },
    });
  });

  it('types errors by status, and keeps an upstream type verbatim', () => {
    expect(renderOpenAiError(new QuotaError('All accounts are cooling down.', 30).toShape()).error).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limited',
      param: null,
    });
    expect(renderOpenAiError(new UpstreamHttpError(503, 'down').toShape()).error).toMatchObject({ type: 'server_error' });
    expect(renderOpenAiError(new UpstreamHttpError(529, 'busy', { upstreamType: 'overloaded_error' }).toShape()).error).toMatchObject({
      type: 'overloaded_error',
    });
  });

  it('is what the format renders', () => {
    expect(openAiChatFormat.renderError).toBe(renderOpenAiError);
    expect(openAiChatFormat.parseError).toBe(parseOpenAiError);
    expect(openAiChatFormat.id).toBe('openai-chat');
  });
});

describe('parseOpenAiError', () => {
  it.each([
    [{ error: { message: 'Rate limit reached', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, { message: 'Rate limit reached', type: 'rate_limit_error' }],
    [{ error: { message: 'Bad key', code: 'invalid_api_key' } }, { message: 'Bad key', type: 'invalid_api_key' }],
    [{ error: 'model "x" not found, try pulling it first' }, { message: 'model "x" not found, try pulling it first' }],
    [{ detail: 'Store must be set to false' }, { message: 'Store must be set to false' }],
    [{ message: 'Unauthorized' }, { message: 'Unauthorized' }],
    ['  Bad Gateway  ', { message: 'Bad Gateway' }],
    [undefined, { message: 'Upstream answered HTTP 500.' }],
  ])('reads %j', (body, expected) => {
    expect(parseOpenAiError(500, body)).toEqual(expected);
  });
});

describe('openAiStreamErrorShape', () => {
  it('treats rate limits as retryable 429s and anything else as an upstream error', () => {
    expect(openAiStreamErrorShape({ error: { message: 'slow down', type: 'rate_limit_exceeded' } })).toEqual({
      code: 'rate_limited',
      message: 'slow down',
      status: 429,
      retryable: true,
      upstreamType: 'rate_limit_exceeded',
    });
    expect(openAiStreamErrorShape({ error: { message: 'boom' } })).toEqual({ code: 'upstream_error', message: 'boom', status: 502, retryable: false });
  });
});
