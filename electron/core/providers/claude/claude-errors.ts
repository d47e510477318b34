/**
 * Claude's error answers -> our error family. Messages stay verbatim (a refusal such as "only authorized
 * for use with Claude Code" reaches the client word for word, in its own format), and so does the
 * upstream's error type. 429 becomes a QuotaError with retry-after and the subscription's reset time.
 */
import { QuotaError, SwitchyardError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { parseAnthropicMessagesError } from '../../formats/anthropic-messages/anthropic-messages-errors.js';
import type { UpstreamFailure } from '../provider.js';
import { headerValue } from '../upstream-http.js';
import { rejectedUntil } from './claude-quota.js';

/** Seconds to wait: `retry-after-ms`, `retry-after` (seconds or a date), else the subscription's reset (`rejectedUntil`, epoch ms). */
export function claudeRetryAfterSeconds(headers: UpstreamFailure['headers'], now: number, reset: number | undefined): number | undefined {
  const milliseconds = Number(headerValue(headers, 'retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return milliseconds / 1000;
  const value = headerValue(headers, 'retry-after');
  if (value !== undefined) {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, (date - now) / 1000);
  }
  return reset === undefined ? undefined : Math.max(0, (reset - now) / 1000);
}

export function mapClaudeError(failure: UpstreamFailure, now: number): SwitchyardError {
  const details = parseAnthropicMessagesError(failure.status, failure.bodyText);
  const upstreamType = details.type;
  const typed = upstreamType === undefined ? {} : { upstreamType };
  const shouldRetry = headerValue(failure.headers, 'x-should-retry');
  const forwardHeaders = shouldRetry === undefined ? undefined : { 'x-should-retry': shouldRetry };
  const forwarded = forwardHeaders ? { forwardHeaders } : {};
  if (failure.status === 401) {
    // The executor already refreshed once and retried; another account may still serve the request.
    return new SwitchyardError('auth_required', 401, details.message, { retryable: true, ...typed, ...forwarded });
  }
  if (failure.status === 429) {
    // Not a quota: this request needs paid credits, so another try cannot help.
    if (/usage credits are required/i.test(details.message)) {
      return new UpstreamHttpError(429, details.message, { retryable: false, ...typed, ...forwarded });
    }
    const resetsAt = rejectedUntil(failure.headers);
    return new QuotaError(details.message, claudeRetryAfterSeconds(failure.headers, now, resetsAt), upstreamType, {
      ...(resetsAt === undefined ? {} : { resetsAt }),
      ...forwarded,
    });
  }
  return new UpstreamHttpError(failure.status, details.message, { ...typed, ...forwarded });
}
