import { describe, expect, it } from 'vitest';
import { QuotaError } from '../../errors/switchyard-error.js';
import { mapChatgptError, usageLimitDetails } from './chatgpt-errors.js';

const now = 1_700_000_000_000;
const usageLimit = (fields: Record<string, unknown>) =>
  JSON.stringify({ error: { type: 'usage_limit_reached', message: 'You have hit your ChatGPT usage limit (plus plan).', plan_type: 'plus', ...fields } });

describe('mapChatgptError', () => {
  it('turns usage_limit_reached into a QuotaError that cools the account until the stated reset', () => {
    const error = mapChatgptError({ status: 429, headers: {}, bodyText: usageLimit({ resets_at: 1_700_003_600, resets_in_seconds: 3600 }) }, now);
    expect(error).toBeInstanceOf(QuotaError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', upstreamType: 'usage_limit_reached', resetsAt: 1_700_003_600_000, retryAfterSeconds: 3600 });
    expect(error.message).toBe('You have hit your ChatGPT usage limit (plus plan).');
  });

  it('reads resets_in_seconds alone, and a top-level shape', () => {
    expect(usageLimitDetails({ error: { resets_in_seconds: 90 } }, now)).toEqual({ resetsAt: now + 90_000, retryAfterSeconds: 90 });
    expect(usageLimitDetails({ type: 'usage_limit_reached', resets_at: 1_700_000_030 }, now)).toEqual({ resetsAt: 1_700_000_030_000, retryAfterSeconds: 30 });
    expect(usageLimitDetails({ detail: 'x' }, now)).toEqual({});
  });

  it('falls back to the exhausted window of the x-codex-* headers', () => {
    const error = mapChatgptError(
      { status: 429, headers: { 'x-codex-primary-used-percent': '100', 'x-codex-primary-reset-at': '1700000600' }, bodyText: usageLimit({}) },
      now,
    );
    expect(error).toMatchObject({ resetsAt: 1_700_000_600_000, retryAfterSeconds: 600 });
  });

  it('honours retry-after for a transient rate limit', () => {
    const error = mapChatgptError(
      { status: 429, headers: { 'retry-after': '30' }, bodyText: JSON.stringify({ error: { type: 'rate_limit_exceeded', message: 'Slow down' } }) },
      now,
    );
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 30, upstreamType: 'rate_limit_exceeded', resetsAt: undefined });
  });

  it('does not ask to wait when the plan has no Codex', () => {
    const error = mapChatgptError({ status: 429, headers: {}, bodyText: JSON.stringify({ error: { type: 'usage_not_included', message: 'Upgrade' } }) }, now);
    expect(error).toMatchObject({ code: 'quota_exceeded', retryable: false, retryAfterSeconds: undefined });
  });

  it('keeps the backend detail verbatim, and 401 retryable on another account', () => {
    expect(mapChatgptError({ status: 400, headers: {}, bodyText: '{"detail":"Store must be set to false"}' }, now)).toMatchObject({
      status: 400,
      message: 'Store must be set to false',
      retryable: false,
    });
    expect(mapChatgptError({ status: 401, headers: {}, bodyText: '{"error":{"code":"token_expired","message":"expired"}}' }, now)).toMatchObject({
      status: 401,
      code: 'auth_required',
      retryable: true,
    });
  });
});
