import { describe, expect, it } from 'vitest';
import { QuotaError } from '../../errors/switchyard-error.js';
import { mapClaudeError } from './claude-errors.js';

const body = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_1' });
const now = 1_700_000_000_000;

describe('mapClaudeError', () => {
  it('keeps a refusal verbatim, with its type', () => {
    const message = 'This credential is only authorized for use with Claude Code and cannot be used for other API requests.';
    const error = mapClaudeError({ status: 400, headers: {}, bodyText: body('invalid_request_error', message) }, now);
    expect(error.message).toBe(message);
    expect(error.status).toBe(400);
    expect(error.upstreamType).toBe('invalid_request_error');
    expect(error.retryable).toBe(false);
  });

  it('makes 401 a retryable auth error (another account may serve)', () => {
    const error = mapClaudeError({ status: 401, headers: {}, bodyText: body('authentication_error', 'OAuth token has expired.') }, now);
    expect(error).toMatchObject({ code: 'auth_required', status: 401, retryable: true, message: 'OAuth token has expired.' });
  });

  it('makes 429 a QuotaError with retry-after, or the subscription reset', () => {
    const limited = mapClaudeError({ status: 429, headers: { 'retry-after': '17' }, bodyText: body('rate_limit_error', 'Rate limited') }, now);
    expect(limited).toBeInstanceOf(QuotaError);
    expect(limited.retryAfterSeconds).toBe(17);
    const reset = mapClaudeError(
      {
        status: 429,
        headers: { 'anthropic-ratelimit-unified-status': 'rejected', 'anthropic-ratelimit-unified-reset': String(now / 1000 + 600) },
        bodyText: body('rate_limit_error', 'Limit reached'),
      },
      now,
    );
    expect(reset.retryAfterSeconds).toBe(600);
    expect(reset.resetsAt).toBe(now + 600_000);
  });

  it('does not treat "usage credits are required" as a quota', () => {
    const error = mapClaudeError({ status: 429, headers: {}, bodyText: body('rate_limit_error', 'Usage credits are required for fast mode') }, now);
    expect(error).not.toBeInstanceOf(QuotaError);
    expect(error.retryable).toBe(false);
  });

  it('keeps 529 overloaded retryable, and forwards x-should-retry', () => {
    const error = mapClaudeError({ status: 529, headers: { 'x-should-retry': 'true' }, bodyText: body('overloaded_error', 'Overloaded') }, now);
    expect(error).toMatchObject({ status: 529, retryable: true, upstreamType: 'overloaded_error', forwardHeaders: { 'x-should-retry': 'true' } });
  });
});
