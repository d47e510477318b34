/** Upstream error bodies from OpenAI-compatible services -> our error family. */
import { parseJsonOrText } from '../../canonical/json-values.js';
import { QuotaError, UpstreamHttpError, type SwitchyardError } from '../../errors/switchyard-error.js';
import { parseOpenAiError } from '../../formats/openai-chat/openai-chat-errors.js';
import type { UpstreamErrorDetails } from '../../formats/wire-format.js';
import { headerValue } from '../upstream-http.js';
import type { UpstreamFailure } from '../provider.js';

export function parseRetryAfterSeconds(headers: UpstreamFailure['headers']): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Number(milliseconds) / 1000;
  const value = headerValue(headers, 'retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
}

/** An upstream's error answer, read by `parse` (the error shape of its format), as our error, prefixed with `label`. */
export function mapUpstreamHttpError(
  failure: UpstreamFailure,
  label: string,
  parse: (status: number, body: unknown) => UpstreamErrorDetails,
): SwitchyardError {
  const details = parse(failure.status, parseJsonOrText(failure.bodyText));
  const message = `${label}: ${details.message}`;
  if (failure.status === 429) return new QuotaError(message, parseRetryAfterSeconds(failure.headers), details.type);
  return new UpstreamHttpError(failure.status, message, details.type === undefined ? {} : { upstreamType: details.type });
}

export function mapOpenAiCompatibleError(failure: UpstreamFailure, label: string): SwitchyardError {
  return mapUpstreamHttpError(failure, label, parseOpenAiError);
}
