/**
 * OpenAI's error body `{error:{message,type,code,param}}`, shared by Chat Completions and Responses
 * (the Responses folder re-exports it so every format folder keeps the same file roles).
 */
import type { ErrorShape } from '../../../../shared/errors.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import { asRecord } from '../../canonical/json-values.js';
import type { UpstreamErrorDetails } from '../wire-format.js';

function openAiErrorType(error: ErrorShape): string {
  if (error.upstreamType) return error.upstreamType;
  switch (error.status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 429:
      return 'rate_limit_error';
    default:
      return error.status >= 500 ? 'server_error' : 'invalid_request_error';
  }
}

export function renderOpenAiError(error: ErrorShape): JsonObject {
  return {
    error: {
      message: error.message,
      type: openAiErrorType(error),
      code: error.code,
      param: error.param ?? null,
    },
  };
}

/** Reads OpenAI-style bodies, and the Codex backend's `{detail}` and `{error:{type,message}}` variants. */
export function parseOpenAiError(status: number, body: unknown): UpstreamErrorDetails {
  const record = asRecord(body);
  const inner = asRecord(record?.error);
  if (inner) {
    const message = typeof inner.message === 'string' ? inner.message : JSON.stringify(inner);
    const type = typeof inner.type === 'string' ? inner.type : typeof inner.code === 'string' ? inner.code : undefined;
    return type === undefined ? { message } : { message, type };
  }
  if (typeof record?.error === 'string') return { message: record.error };
  if (typeof record?.detail === 'string') return { message: record.detail };
  if (typeof record?.message === 'string') return { message: record.message };
  if (typeof body === 'string' && body.trim()) return { message: body.trim().slice(0, 2_000) };
  return { message: `Upstream answered HTTP ${status}.` };
}

/** An in-band `{"error":{...}}` stream chunk -> the error part's shape (the HTTP status is long sent). */
export function openAiStreamErrorShape(body: unknown): ErrorShape {
  const details = parseOpenAiError(502, body);
  const type = details.type ?? '';
  const rateLimited = type.includes('rate_limit') || type === 'insufficient_quota' || type === 'usage_limit_reached';
  const shape: ErrorShape = rateLimited
    ? { code: 'rate_limited', message: details.message, status: 429, retryable: true }
    : { code: 'upstream_error', message: details.message, status: 502, retryable: false };
  if (details.type !== undefined) shape.upstreamType = details.type;
  return shape;
}
