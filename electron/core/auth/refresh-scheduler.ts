/**
 * Access-token refresh, provider-neutral:
 * - in the background, ahead of expiry: `leadMs` before it, or half the lifetime for tokens shorter than twice the lead;
 * - on demand (a request found the token expiring, or the upstream answered 401);
 * - single-flight per account: concurrent callers share one in-flight promise, so one token-endpoint call;
 * - retried with backoff (a RefreshFailure marked `permanent`, such as invalid_grant, is not retried);
 * - the new grant is persisted (the vault's atomic write) BEFORE any caller receives it, because a rotated
 *   refresh token cannot be used twice: the one on disk must always be the newest.
 * After the last failed try `onGiveUp` lets the provider mark the account (needs-relogin).
 */
import type { Logger } from 'pino';
import { backgroundTimer } from '../background-timer.js';

export interface TokenLifetime {
  /** Access-token expiry, epoch ms. */
  expiresAt: number;
  /** When the token was issued, epoch ms (for the half-lifetime rule). */
  issuedAt?: number;
}

/** A failed token-endpoint call. `permanent`: retrying cannot help (revoked or rotated-out grant). */
export class RefreshFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The endpoint asked us to wait this long (Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RefreshFailure';
  }
}

export interface RefreshSchedulerOptions<Grant extends TokenLifetime> {
  /** One token-endpoint call for the account; no retries inside. */
  requestGrant(accountId: string): Promise<Grant>;
  /** Store the grant atomically; callers get the grant only after this resolves. */
  persist(accountId: string, grant: Grant): Promise<void>;
  /** The last try failed, or the failure was permanent; the provider decides what the account becomes. */
  onGiveUp(accountId: string, error: Error): Promise<void>;
  /** How long before expiry to refresh in the background; read at each scheduling. */
  leadMs(): number;
  /** Waits between tries; its length + 1 is the number of tries. */
  retryDelaysMs?: readonly number[];
  now(): number;
  logger: Logger;
}

export const defaultRetryDelaysMs: readonly number[] = [1_000, 5_000, 15_000];

/** When to refresh: `leadMs` before expiry, or half-way through the lifetime when that comes later. */
export function refreshDueAt(lifetime: TokenLifetime, leadMs: number): number {
  const { expiresAt, issuedAt } = lifetime;
  const span = issuedAt !== undefined && issuedAt < expiresAt ? expiresAt - issuedAt : undefined;
  const lead = span === undefined ? leadMs : Math.min(leadMs, span / 2);
  return expiresAt - lead;
}

export class RefreshScheduler<Grant extends TokenLifetime> {
  private readonly inFlight = new Map<string, Promise<Grant>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: RefreshSchedulerOptions<Grant>) {}

  isRefreshing(accountId: string): boolean {
    return this.inFlight.has(accountId);
  }

  /** Refresh now, or join the refresh already running for this account. */
  refresh(accountId: string): Promise<Grant> {
    const running = this.inFlight.get(accountId);
    if (running) return running;
    const run = this.run(accountId).finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, run);
    return run;
  }

  /** (Re)arm the background refresh of an account from its token lifetime. */
  schedule(accountId: string, lifetime: TokenLifetime): void {
    this.scheduleAt(accountId, refreshDueAt(lifetime, this.options.leadMs()));
  }

  scheduleAt(accountId: string, time: number): void {
    if (this.closed) return;
    this.cancel(accountId);
    const timer = backgroundTimer(() => {
      this.timers.delete(accountId);
      this.refresh(accountId).catch((error: Error) => {
        this.options.logger.warn({ account: accountId, error: error.message }, 'background token refresh failed');
      });
    }, time - this.options.now());
    this.timers.set(accountId, timer);
  }

  cancel(accountId: string): void {
    const timer = this.timers.get(accountId);
    if (timer) clearTimeout(timer);
    this.timers.delete(accountId);
  }

  /** Stop timers and end retry waits; refreshes in flight finish their current call and stop. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private async run(accountId: string): Promise<Grant> {
    const delays = this.options.retryDelaysMs ?? defaultRetryDelaysMs;
    let lastError: Error = new Error('refresh did not run');
    // Once the endpoint has answered, only the write is retried: asking again with the old refresh
    // token would present a rotated-out token, which revokes the whole grant.
    let grant: Grant | undefined;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) {
        const hinted = lastError instanceof RefreshFailure ? (lastError.retryAfterMs ?? 0) : 0;
        await this.sleep(Math.max(delays[attempt - 1], hinted));
      }
      if (this.closed) break;
      try {
        grant ??= await this.options.requestGrant(accountId);
        // Persist first: nobody may use a token whose refresh token is not on disk.
        await this.options.persist(accountId, grant);
        this.schedule(accountId, grant);
        return grant;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
        const permanent = lastError instanceof RefreshFailure && lastError.permanent;
        this.options.logger.warn({ account: accountId, attempt: attempt + 1, permanent, error: lastError.message }, 'token refresh failed');
        if (permanent) break;
      }
    }
    await this.options.onGiveUp(accountId, lastError).catch((error: Error) => {
      this.options.logger.error({ account: accountId, error: error.message }, 'could not record a failed refresh');
    });
    throw lastError;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = backgroundTimer(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
