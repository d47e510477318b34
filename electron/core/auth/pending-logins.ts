/**
 * OAuth logins in progress, keyed by their one-time `state`. A state is claimed once (by the loopback
 * listener, the callback route or a pasted redirect) and can never be claimed again; a login that is not
 * claimed before it expires is abandoned. Waiters (`wait`) learn the outcome whichever path completed it.
 * Provider-neutral.
 */
import { backgroundTimer } from '../background-timer.js';

export interface PendingLogin {
  state: string;
  /** The PKCE verifier: secret, only ever sent to the token endpoint. */
  verifier: string;
  /** The redirect URI sent in the authorize URL; the code exchange must repeat it exactly. */
  redirectUri: string;
  /** Epoch ms after which the login is abandoned. */
  expiresAt: number;
}

export class LoginEndedError extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'cancelled' | 'failed' | 'closed',
  ) {
    super(message);
    this.name = 'LoginEndedError';
  }
}

type Phase = 'pending' | 'exchanging' | 'done';

interface Entry<Result> {
  login: PendingLogin;
  phase: Phase;
  outcome: Promise<Result>;
  resolve(value: Result): void;
  reject(error: Error): void;
  /** Closes what the login holds open (its loopback listener). Called once. */
  release?: () => void;
  timer: NodeJS.Timeout;
}

export interface PendingLoginsOptions {
  now(): number;
}

export class PendingLogins<Result> {
  private readonly entries = new Map<string, Entry<Result>>();

  constructor(private readonly options: PendingLoginsOptions) {}

  /** Track a new login until `expiresAt`; `release` runs when it is claimed, fails, is cancelled or expires. */
  add(login: PendingLogin, release?: () => void): void {
    let resolve!: (value: Result) => void;
    let reject!: (error: Error) => void;
    const outcome = new Promise<Result>((resolveOutcome, rejectOutcome) => {
      resolve = resolveOutcome;
      reject = rejectOutcome;
    });
    // Nobody may be waiting; an unobserved failure is not an unhandled rejection.
    outcome.catch(() => undefined);
    const timer = backgroundTimer(() => this.expire(login.state), login.expiresAt - this.options.now());
    this.entries.set(login.state, { login, phase: 'pending', outcome, resolve, reject, release, timer });
  }

  /**
   * Claim the login for `state`, once: a second claim, an unknown or an expired state gets undefined.
   * The caller must then `succeed` or `fail` it.
   */
  claim(state: string): PendingLogin | undefined {
    const entry = this.entries.get(state);
    if (!entry || entry.phase !== 'pending') return undefined;
    if (entry.login.expiresAt <= this.options.now()) {
      this.expire(state);
      return undefined;
    }
    entry.phase = 'exchanging';
    this.release(entry);
    return { ...entry.login };
  }

  succeed(state: string, result: Result): void {
    this.finish(state, (entry) => entry.resolve(result));
  }

  fail(state: string, error: Error): void {
    this.finish(state, (entry) => entry.reject(error));
  }

  cancel(state: string, message = 'The login was cancelled.'): boolean {
    const entry = this.entries.get(state);
    if (!entry || entry.phase !== 'pending') return false;
    this.fail(state, new LoginEndedError(message, 'cancelled'));
    return true;
  }

  /** The outcome of the login for `state`, while it is pending or recently finished. */
  wait(state: string): Promise<Result> | undefined {
    return this.entries.get(state)?.outcome;
  }

  /** Fail every login still pending and forget them all. */
  close(): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.phase !== 'done') {
        this.release(entry);
        entry.reject(new LoginEndedError('Switchyard is shutting down; the login was abandoned.', 'closed'));
      }
      clearTimeout(entry.timer);
    }
    this.entries.clear();
  }

  private finish(state: string, settle: (entry: Entry<Result>) => void): void {
    const entry = this.entries.get(state);
    if (!entry || entry.phase === 'done') return;
    this.release(entry);
    entry.phase = 'done';
    settle(entry);
    // Keep the outcome for late waiters until the login would have expired anyway.
    if (entry.login.expiresAt <= this.options.now()) this.forget(state);
  }

  private expire(state: string): void {
    const entry = this.entries.get(state);
    if (!entry) return;
    if (entry.phase === 'pending') {
      this.release(entry);
      entry.phase = 'done';
      entry.reject(new LoginEndedError('The login timed out before it was completed. Start a new one.', 'timeout'));
      this.forget(state);
    } else if (entry.phase === 'done') {
      this.forget(state);
    }
    // An exchange in flight at expiry finishes on its own; `finish` forgets it then.
  }

  private forget(state: string): void {
    const entry = this.entries.get(state);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(state);
  }

  private release(entry: Entry<Result>): void {
    const release = entry.release;
    entry.release = undefined;
    release?.();
  }
}
