/**
 * The Codex backend's error answers -> our error family (protocols.md §2). Messages and error types stay
 * verbatim. A 429 `usage_limit_reached` (`{"error":{"type":…,"resets_at":<unix>,"resets_in_seconds":<n>}}`)
 * becomes a QuotaError whose `resetsAt` is that reset, so routing cools the account until exactly then;
 * without a reset in the body, an exhausted `x-codex-*` window's reset stands in. `usage_not_included`
 * (the plan has no Codex) is not a wait-and-retry case.
 */
import { QuotaError, SwitchyardError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { isRecord, parseJsonOrText } from '../../canonical/json-values.js';
import { parseOpenAiResponsesError } from '../../formats/openai-responses/openai-responses-errors.js';
import type { UpstreamFailure } from '../provider.js';
import { headerValue } from '../upstream-http.js';
import { quotaWindowsFromHeaders } from './chatgpt-quota.js';

export interface UsageLimitDetails {
  /** Epoch ms. */
  resetsAt?: number;
  retryAfterSeconds?: number;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The reset a 429 body states (`resets_at` unix seconds, or `resets_in_seconds`), in `error` or at the top. */
export function usageLimitDetails(body: unknown, now: number): UsageLimitDetails {
  const source = isRecord(body) ? (isRecord(body.error) ? body.error : body) : undefined;
  const resetsAtSeconds = positive(source?.resets_at);
  const resetsIn = positive(source?.resets_in_seconds);
  const resetsAt = resetsAtSeconds !== undefined ? resetsAtSeconds * 1000 : resetsIn !== undefined ? now + resetsIn * 1000 : undefined;
  const details: UsageLimitDetails = {};
  if (resetsAt !== undefined) {
    details.resetsAt = resetsAt;
    details.retryAfterSeconds = resetsIn ?? Math.max(0, (resetsAt - now) / 1000);
  }
  return details;
}

/** When the exhausted windows in the `x-codex-*` headers free up (the latest of them). */
function exhaustedUntil(headers: UpstreamFailure['headers'], now: number): number | undefined {
  const resets = (quotaWindowsFromHeaders(headers, now) ?? [])
    .filter((window) => window.status === 'rejected' && window.resetsAt !== undefined && window.resetsAt > now)
    .map((window) => window.resetsAt as number);
  return resets.length > 0 ? Math.max(...resets) : undefined;
}

function retryAfterHeader(headers: UpstreamFailure['headers']): number | undefined {
  const seconds = Number(headerValue(headers, 'retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export function mapChatgptError(failure: UpstreamFailure, now: number): SwitchyardError {
  const body = parseJsonOrText(failure.bodyText);
  const details = parseOpenAiResponsesError(failure.status, body);
  const upstreamType = details.type;
  const typed = upstreamType === undefined ? {} : { upstreamType };
  if (failure.status === 401) {
    // The executor already refreshed once and retried; another account may still serve the request.
    return new SwitchyardError('auth_required', 401, details.message, { retryable: true, ...typed });
  }
  if (failure.status === 429) {
    if (upstreamType === 'usage_not_included') return new SwitchyardError('quota_exceeded', 429, details.message, { retryable: false, ...typed });
    const stated = usageLimitDetails(body, now);
    const resetsAt = stated.resetsAt ?? (upstreamType === 'usage_limit_reached' ? exhaustedUntil(failure.headers, now) : undefined);
    const retryAfterSeconds =
      stated.retryAfterSeconds ?? retryAfterHeader(failure.headers) ?? (resetsAt === undefined ? undefined : Math.max(0, (resetsAt - now) / 1000));
    return new QuotaError(details.message, retryAfterSeconds, upstreamType, resetsAt === undefined ? {} : { resetsAt });
  }
  return new UpstreamHttpError(failure.status, details.message, typed);
}
