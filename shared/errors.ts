/** Error codes shared by the core, the management API and the dashboard. Pure: no node, no electron. */
export const errorCodes = [
  'bad_request',
  'invalid_json',
  'unknown_model',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'auth_required',
  'needs_relogin',
  'rate_limited',
  'quota_exceeded',
  'upstream_error',
  'upstream_unavailable',
  'upstream_timeout',
  'translation_failed',
  'client_aborted',
  'stream_interrupted',
  'internal_error',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The serialisable face of an error: what crosses IPC, HTTP and the event stream. */
export interface ErrorShape {
  code: ErrorCode;
  message: string;
  status: number;
  retryable: boolean;
  /** Seconds until a retry can succeed (cooldowns, 429). */
  retryAfterSeconds?: number;
  /** The field or parameter at fault, for 4xx. */
  param?: string;
  /** An upstream's own error type, kept verbatim (e.g. Anthropic `overloaded_error`). */
  upstreamType?: string;
}
