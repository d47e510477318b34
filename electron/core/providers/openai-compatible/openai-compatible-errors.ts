/** Upstream error bodies from OpenAI-compatible services -> our error family. */
import { QuotaError, UpstreamHttpError, type SwitchyardError } from '../../errors/switchyard-error.js';
import { parseOpenAiError } from '../../formats/openai-chat/openai-chat-errors.js';
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

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function mapOpenAiCompatibleError(failure: UpstreamFailure, label: string): SwitchyardError {
  const details = parseOpenAiError(failure.status, parseBody(failure.bodyText));
  const message = `${label}: ${details.message}`;
  if (failure.status === 429) return new QuotaError(message, parseRetryAfterSeconds(failure.headers), details.type);
  return new UpstreamHttpError(failure.status, message, details.type === undefined ? {} : { upstreamType: details.type });
}
