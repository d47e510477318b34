/** Failures of a transport call, and how the dashboard says them in words (never a bare code). */
import { contractOperations, type OperationName, type OperationOutput } from '../../../shared/contract.js';
import type { ErrorShape } from '../../../shared/errors.js';

export type FailureKind = 'server' | 'unreachable' | 'invalid-reply';

export class TransportError extends Error {
  constructor(
    readonly shape: ErrorShape,
    readonly kind: FailureKind = 'server',
  ) {
    super(shape.message);
    this.name = 'TransportError';
  }

  /** The management key was missing, wrong or locked out. */
  get refusedKey(): boolean {
    return this.kind === 'server' && (this.shape.status === 401 || this.shape.status === 403);
  }
}

export function unreachable(detail: string): TransportError {
  return new TransportError(
    { code: 'upstream_unavailable', status: 0, retryable: true, message: `Switchyard did not answer (${detail}). Is it still running?` },
    'unreachable',
  );
}

export function invalidReply(detail: string): TransportError {
  return new TransportError({ code: 'internal_error', status: 0, retryable: false, message: `Switchyard sent a reply the dashboard does not understand: ${detail}` }, 'invalid-reply');
}

/** A reply checked against the operation's output schema (both transports receive untyped values). */
export function parseReply<Name extends OperationName>(name: Name, value: unknown): OperationOutput<Name> {
  const parsed = contractOperations[name].output.safeParse(value);
  if (!parsed.success) throw invalidReply(`${name}: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
  return parsed.data as OperationOutput<Name>;
}

const fallbackWords: Partial<Record<ErrorShape['code'], string>> = {
  unauthorized: 'The management key was refused.',
  forbidden: 'This action is not allowed.',
  not_found: 'That no longer exists.',
  rate_limited: 'Too many attempts; wait a moment and try again.',
  internal_error: 'Switchyard hit an internal error.',
};

/** A sentence for a person: the server's own message, else words for the failure. */
export function errorInWords(error: unknown): string {
  if (error instanceof TransportError) {
    const message = error.shape.message.trim();
    if (message) return message;
    return fallbackWords[error.shape.code] ?? 'The request failed.';
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** The field a 400 names (`patch.port` -> `port`, `entry.baseUrl` -> `baseUrl`), if any. */
export function fieldOf(error: unknown, prefix?: string): string | undefined {
  if (!(error instanceof TransportError) || !error.shape.param) return undefined;
  const param = error.shape.param;
  const rest = prefix && param.startsWith(`${prefix}.`) ? param.slice(prefix.length + 1) : param;
  return rest.split(/[.[]/)[0] || undefined;
}
