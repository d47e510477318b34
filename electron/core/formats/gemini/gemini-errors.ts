/**
 * Gemini's error body `{error:{code:<http status>, message, status:<google.rpc code name>, details?}}`,
 * rendered for Gemini clients and read back from Gemini upstreams (whole bodies and `error` frames).
 */
import type { ErrorCode, ErrorShape } from '../../../../shared/errors.js';
import type { JsonObject, JsonValue } from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';
import type { UpstreamErrorDetails } from '../wire-format.js';

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  408: 'DEADLINE_EXCEEDED',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The google.rpc status name Gemini pairs with an HTTP status. */
export function geminiStatusName(status: number): string {
  return statusNames[status] ?? (status >= 500 ? 'INTERNAL' : status >= 400 ? 'FAILED_PRECONDITION' : 'UNKNOWN');
}

export function renderGeminiError(error: ErrorShape): JsonObject {
  const body: JsonObject = { code: error.status, message: error.message, status: geminiStatusName(error.status) };
  // Google's own detail messages, so Gemini tooling can show the field at fault and the wait.
  const details: JsonValue[] = [];
  if (error.param !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: error.param, description: error.message }],
    });
  }
  if (error.retryAfterSeconds !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryAfterSeconds}s` });
  }
  if (details.length > 0) body.details = details;
  return { error: body };
}

/** Gemini error bodies come bare or wrapped in an array (`[{error:{...}}]`, the JSON-array stream form). */
function unwrap(body: unknown): unknown {
  return Array.isArray(body) && body.length > 0 ? body[0] : body;
}

export function parseGeminiError(status: number, body: unknown): UpstreamErrorDetails {
  const record = unwrap(body);
  const inner = isRecord(record) ? record.error : undefined;
  if (isRecord(inner)) {
    const message = typeof inner.message === 'string' && inner.message ? inner.message : JSON.stringify(inner);
    const type = typeof inner.status === 'string' ? inner.status : typeof inner.type === 'string' ? inner.type : undefined;
    return type === undefined ? { message } : { message, type };
  }
  if (typeof inner === 'string' && inner) return { message: inner };
  if (isRecord(record) && typeof record.message === 'string') return { message: record.message };
  if (typeof body === 'string' && body.trim()) return { message: body.trim().slice(0, 2_000) };
  return { message: `Upstream answered HTTP ${status}.` };
}

/** `RetryInfo.retryDelay` ("37s", "1.5s") from a Gemini 429 body, in seconds. */
export function readGeminiRetryDelay(body: unknown): number | undefined {
  const record = unwrap(body);
  const inner = isRecord(record) ? record.error : undefined;
  if (!isRecord(inner) || !Array.isArray(inner.details)) return undefined;
  for (const detail of inner.details) {
    if (!isRecord(detail) || typeof detail.retryDelay !== 'string') continue;
    const seconds = Number.parseFloat(detail.retryDelay);
    if (Number.isFinite(seconds) && detail.retryDelay.trim().endsWith('s')) return seconds;
  }
  return undefined;
}

function errorCodeFor(status: number): ErrorCode {
  if (status === 429) return 'rate_limited';
  if (status === 504) return 'upstream_timeout';
  return 'upstream_error';
}

/** An `error` object met inside a stream (or a 200 body) -> the canonical error part's shape. */
export function errorShapeFromGemini(error: Record<string, unknown>): ErrorShape {
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  const status = Number.isInteger(code) && code >= 400 && code < 600 ? code : 502;
  const message = typeof error.message === 'string' && error.message ? error.message : 'The Gemini upstream reported an error.';
  const shape: ErrorShape = { code: errorCodeFor(status), message, status, retryable: status >= 500 || status === 429 };
  if (typeof error.status === 'string') shape.upstreamType = error.status;
  return shape;
}
