/**
 * The one error family. Every failure the client can see is a SwitchyardError; each route renders it
 * in the client's own format (see each format's `*-errors.ts`).
 */
import type { ErrorCode, ErrorShape } from '../../../shared/errors.js';

export interface SwitchyardErrorOptions {
  retryable?: boolean;
  retryAfterSeconds?: number;
  param?: string;
  upstreamType?: string;
  /** An explicit reset time the upstream stated (epoch ms): cooldowns end exactly then. */
  resetsAt?: number;
  /** Upstream headers to hand on to the client (e.g. `x-should-retry`). */
  forwardHeaders?: Record<string, string>;
  cause?: unknown;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly param: string | undefined;
  readonly upstreamType: string | undefined;
  readonly resetsAt: number | undefined;
  readonly forwardHeaders: Record<string, string> | undefined;

  constructor(code: ErrorCode, status: number, message: string, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.param = options.param;
    this.upstreamType = options.upstreamType;
    this.resetsAt = options.resetsAt;
    this.forwardHeaders = options.forwardHeaders;
  }

  /**
   * The error an in-band error part stands for, thrown when a non-streamed body turns out to be one.
   * Only code, status, message, retryable and upstreamType carry over: that is all a decoder sets.
   */
  static fromShape(shape: ErrorShape): SwitchyardError {
    return new SwitchyardError(shape.code, shape.status, shape.message, { retryable: shape.retryable, upstreamType: shape.upstreamType });
  }

  toShape(): ErrorShape {
    const shape: ErrorShape = { code: this.code, message: this.message, status: this.status, retryable: this.retryable };
    // Clients get whole seconds (a retry-after header); the exact value stays on the error for cooldowns.
    if (this.retryAfterSeconds !== undefined) shape.retryAfterSeconds = Math.max(1, Math.ceil(this.retryAfterSeconds));
    if (this.param !== undefined) shape.param = this.param;
    if (this.upstreamType !== undefined) shape.upstreamType = this.upstreamType;
    return shape;
  }
}

/** 4xx for a body or parameter the client got wrong; `param` names the field. */
export class BadRequestError extends SwitchyardError {
  constructor(message: string, param?: string, code: ErrorCode = 'bad_request', status = 400) {
    super(code, status, message, param === undefined ? {} : { param });
  }
}

export class UnknownModelError extends SwitchyardError {
  constructor(model: string, suggestions: string[] = []) {
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((name) => `"${name}"`).join(', ')}?` : '';
    super(
      'unknown_model',
      404,
      `The model "${model}" is not served by any connected provider.${hint} List the available models with GET /v1/models.`,
      { param: 'model' },
    );
  }
}

export class AuthRequiredError extends SwitchyardError {
  constructor(message: string, code: ErrorCode = 'auth_required', status = 401) {
    super(code, status, message);
  }
}

/** 429: an account or every account is cooling down. */
export class QuotaError extends SwitchyardError {
  constructor(message: string, retryAfterSeconds: number | undefined, upstreamType?: string, extra: SwitchyardErrorOptions = {}) {
    const options: SwitchyardErrorOptions = { ...extra, retryable: true };
    // Kept exact, so a cooldown never outlives the upstream's stated wait; toShape rounds up for the client.
    if (retryAfterSeconds !== undefined) options.retryAfterSeconds = Math.max(0, retryAfterSeconds);
    if (upstreamType !== undefined) options.upstreamType = upstreamType;
    super('rate_limited', 429, message, options);
  }
}

/** An upstream answered with an error; status and message are the upstream's, verbatim. */
export class UpstreamHttpError extends SwitchyardError {
  constructor(status: number, message: string, options: SwitchyardErrorOptions = {}) {
    const retryable = options.retryable ?? (status >= 500 || status === 408 || status === 429);
    super(status >= 500 ? 'upstream_error' : status === 429 ? 'rate_limited' : 'upstream_error', status, message, {
      ...options,
      retryable,
    });
  }
}

export class UpstreamUnavailableError extends SwitchyardError {
  constructor(message: string, cause?: unknown, code: ErrorCode = 'upstream_unavailable', status = 502) {
    super(code, status, message, { retryable: true, cause });
  }
}

export class TranslationError extends SwitchyardError {
  constructor(message: string, cause?: unknown) {
    super('translation_failed', 502, message, { cause });
  }
}

export class ClientAbortedError extends SwitchyardError {
  constructor() {
    super('client_aborted', 499, 'The client closed the connection.');
  }
}

/** Anything not already in the family becomes a 500 with a message and no stack. */
export function toSwitchyardError(error: unknown): SwitchyardError {
  if (error instanceof SwitchyardError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SwitchyardError('internal_error', 500, `Internal error: ${message}`, { cause: error });
}
