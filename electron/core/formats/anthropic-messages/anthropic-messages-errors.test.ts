import { describe, expect, it } from 'vitest';
import type { ErrorShape } from '../../../../shared/errors.js';
import { parseAnthropicMessagesError, renderAnthropicMessagesError } from './anthropic-messages-errors.js';

const shape = (status: number, extra: Partial<ErrorShape> = {}): ErrorShape => ({
  code: 'upstream_error',
  message: 'went wrong',
  status,
  retryable: false,
  ...extra,
});

describe('anthropic-messages errors', () => {
  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
    [403, 'permission_error'],
    [404, 'not_found_error'],
    [413, 'request_too_large'],
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [529, 'overloaded_error'],
    [422, 'invalid_request_error'],
    [502, 'api_error'],
  ])('renders status %i as %s', (status, type) => {
    expect(renderAnthropicMessagesError(shape(status))).toEqual({ type: 'error', error: { type, message: 'went wrong' } });
  });

  it('prefers the upstream type when one is known', () => {
    expect(renderAnthropicMessagesError(shape(429, { upstreamType: 'overloaded_error' }))).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'went wrong' },
    });
  });

  it('parses Anthropic error bodies', () => {
    expect(
      parseAnthropicMessagesError(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_1' }),
    ).toEqual({ message: 'Overloaded', type: 'overloaded_error' });
  });

  it.each([
    [{ error: { message: 'bad key', type: 'invalid_api_key' } }, { message: 'bad key', type: 'invalid_api_key' }],
    [{ error: 'plain' }, { message: 'plain' }],
    [{ message: 'top-level' }, { message: 'top-level' }],
    ['{"type":"error","error":{"type":"api_error","message":"boom"}}', { message: 'boom', type: 'api_error' }],
    ['<html>Bad Gateway</html>', { message: '<html>Bad Gateway</html>' }],
    ['', { message: 'Upstream answered HTTP 502.' }],
    [null, { message: 'Upstream answered HTTP 502.' }],
    [[1], { message: 'Upstream answered HTTP 502.' }],
  ])('tolerates the body %o', (body, expected) => {
    expect(parseAnthropicMessagesError(502, body)).toEqual(expected);
  });
});
