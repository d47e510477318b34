import { describe, expect, it } from 'vitest';
import { BadRequestError, QuotaError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { parseGeminiError, readGeminiRetryDelay, renderGeminiError } from './gemini-errors.js';

describe('Gemini error bodies', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('renders HTTP %i with status %s', (status, name) => {
    const body = renderGeminiError(new UpstreamHttpError(status, 'nope').toShape());
    expect(body).toEqual({ error: { code: status, message: 'nope', status: name } });
  });

  it('names the field at fault and the wait in Google detail messages', () => {
    expect(renderGeminiError(new BadRequestError('Invalid request body: contents: Required', 'contents').toShape())).toEqual({
      error: {
        code: 400,
        message: 'Invalid request body: contents: Required',
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'contents', description: 'Invalid request body: contents: Required' }],
          },
        ],
      },
    });
    const quota = renderGeminiError(new QuotaError('All accounts are cooling down.', 42).toShape());
    expect(quota).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '42s' }] } });
  });

  it('reads message and status from a Gemini body, bare or wrapped in an array', () => {
    const body = { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } };
    const expected = { message: 'Resource has been exhausted (e.g. check quota).', type: 'RESOURCE_EXHAUSTED' };
    expect(parseGeminiError(429, body)).toEqual(expected);
    expect(parseGeminiError(429, [body])).toEqual(expected);
  });

  it('tolerates bodies that are not Gemini errors', () => {
    expect(parseGeminiError(502, { error: { message: 'bad gateway', type: 'proxy_error' } })).toEqual({ message: 'bad gateway', type: 'proxy_error' });
    expect(parseGeminiError(500, { error: 'boom' })).toEqual({ message: 'boom' });
    expect(parseGeminiError(500, { message: 'plain' })).toEqual({ message: 'plain' });
    expect(parseGeminiError(502, '<html>Bad Gateway</html>')).toEqual({ message: '<html>Bad Gateway</html>' });
    expect(parseGeminiError(500, undefined)).toEqual({ message: 'Upstream answered HTTP 500.' });
    expect(parseGeminiError(500, [])).toEqual({ message: 'Upstream answered HTTP 500.' });
  });

  it('reads the retry delay of a 429', () => {
    const body = {
      error: {
        code: 429,
        message: 'quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
        ],
      },
    };
    expect(readGeminiRetryDelay(body)).toBe(37);
    expect(readGeminiRetryDelay([body])).toBe(37);
    expect(readGeminiRetryDelay({ error: { code: 429 } })).toBeUndefined();
  });
});
