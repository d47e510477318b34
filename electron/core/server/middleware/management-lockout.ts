/**
 * Lockout for the management key: five refused attempts from one address within a minute lock that
 * address out for 15 minutes (even with the right key), so the key cannot be guessed from a local page
 * or process. The address is the socket's peer, never a header a caller could forge.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import { managementAuthMiddleware } from './management-auth.js';

export interface LockoutOptions {
  maxFailures?: number;
  windowMs?: number;
  lockMs?: number;
  now?: () => number;
  logger?: Logger;
}

export class ManagementLockout {
  private readonly failures = new Map<string, number[]>();
  private readonly locked = new Map<string, number>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  readonly now: () => number;

  constructor(private readonly options: LockoutOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** When the address is locked out: until when (epoch ms). */
  lockedUntil(address: string): number | undefined {
    const until = this.locked.get(address);
    if (until === undefined) return undefined;
    if (until > this.now()) return until;
    this.locked.delete(address);
    return undefined;
  }

  recordFailure(address: string): void {
    const now = this.now();
    this.forgetExpired(now);
    const recent = (this.failures.get(address) ?? []).filter((time) => now - time < this.windowMs);
    recent.push(now);
    if (recent.length >= this.maxFailures) {
      this.failures.delete(address);
      this.locked.set(address, now + this.lockMs);
      this.options.logger?.warn({ address, minutes: Math.round(this.lockMs / 60_000) }, 'management API locked for an address after repeated wrong keys');
      return;
    }
    this.failures.set(address, recent);
  }

  private forgetExpired(now: number): void {
    for (const [address, times] of this.failures) if (times.every((time) => now - time >= this.windowMs)) this.failures.delete(address);
    for (const [address, until] of this.locked) if (until <= now) this.locked.delete(address);
  }
}

export function peerAddress(request: Request): string {
  return request.socket.remoteAddress ?? 'unknown';
}

export interface ManagementGuardOptions {
  lockout: ManagementLockout;
  managementKey: () => string;
  clientKey: () => string;
}

/** The management-key check with the lockout in front: what every management surface mounts. */
export function managementGuard(options: ManagementGuardOptions): RequestHandler {
  const check = managementAuthMiddleware({
    managementKey: options.managementKey,
    clientKey: options.clientKey,
    onRefused: (request) => options.lockout.recordFailure(peerAddress(request)),
  });
  return (request, response, next) => {
    const until = options.lockout.lockedUntil(peerAddress(request));
    if (until !== undefined) {
      const seconds = Math.max(1, Math.ceil((until - options.lockout.now()) / 1000));
      next(
        new SwitchyardError('rate_limited', 429, `Too many wrong management keys from this address; try again in ${Math.ceil(seconds / 60)} minutes.`, {
          retryAfterSeconds: seconds,
        }),
      );
      return;
    }
    check(request, response, next);
  };
}
