/**
 * Anthropic's error body `{type:'error', error:{type, message}}` (protocols.md §1), used for HTTP error
 * responses and for the in-stream `error` event.
 */
import type { ErrorShape } from '../../../../shared/errors.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';
import type { UpstreamErrorDetails } from '../wire-format.js';

export function anthropicErrorType(error: ErrorShape): string {
  if (error.upstreamType) return error.upstreamType;
  switch (error.status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 529:
      return 'overloaded_error';
    default:
      return error.status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The error object alone, as carried by the body and by the stream's `error` event. */
export function renderAnthropicMessagesError(error: ErrorShape): JsonObject {
  return { type: 'error', error: { type: anthropicErrorType(error), message: error.message } };
}

/** Reads Anthropic bodies and tolerates OpenAI-style, `{message}` and plain-text bodies. */
export function parseAnthropicMessagesError(status: number, body: unknown): UpstreamErrorDetails {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text.startsWith('{')) {
      try {
        return parseAnthropicMessagesError(status, JSON.parse(text));
      } catch {
        // Not JSON after all: fall through to the text itself.
      }
    }
    return { message: text ? text.slice(0, 2_000) : `Upstream answered HTTP ${status}.` };
  }
  if (!isRecord(body)) return { message: `Upstream answered HTTP ${status}.` };
  const inner = body.error;
  if (isRecord(inner)) {
    const message = typeof inner.message === 'string' ? inner.message : JSON.stringify(inner);
    const type = typeof inner.type === 'string' ? inner.type : typeof inner.code === 'string' ? inner.code : undefined;
    return type === undefined ? { message } : { message, type };
  }
  if (typeof inner === 'string') return { message: inner };
  if (typeof body.message === 'string') return typeof body.type === 'string' && body.type !== 'error' ? { message: body.message, type: body.type } : { message: body.message };
  return { message: `Upstream answered HTTP ${status}.` };
}

/** The HTTP status an in-stream error type stands for. */
export function statusOfErrorType(type: string | undefined): number {
  switch (type) {
    case 'overloaded_error':
      return 529;
    case 'rate_limit_error':
      return 429;
    default:
      return 500;
  }
}
