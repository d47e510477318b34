/**
 * Logins started through the contract, remembered by state so a caller (the CLI, the dashboard) can ask
 * how one stands, or wait for it, and so each step becomes a `login` event. Generic over providers:
 * it only uses ProviderAuth.
 */
import type { z } from 'zod';
import type { loginStatusSchema } from '../../../shared/contract.js';
import type { AccountSummary, LoginStart } from '../../../shared/domain.js';
import type { EventBus } from '../events/event-bus.js';
import type { ProviderAuth } from '../providers/provider-auth.js';

export type LoginStatus = z.infer<typeof loginStatusSchema>;

interface TrackedLogin {
  status: LoginStatus;
  settled: Promise<void>;
  finishedAt?: number;
}

/** Finished logins are remembered this long for late status calls. */
const rememberMs = 10 * 60_000;

export class LoginTracker {
  private readonly logins = new Map<string, TrackedLogin>();

  constructor(
    private readonly bus: EventBus,
    private readonly onAccountChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  track(auth: ProviderAuth, start: LoginStart): void {
    this.forgetOld();
    const status: LoginStatus = { providerId: start.providerId, state: start.state, phase: 'pending', expiresAt: start.expiresAt };
    const tracked: TrackedLogin = { status, settled: Promise.resolve() };
    tracked.settled = auth.waitForLogin(start.state).then(
      (account) => this.finish(tracked, 'completed', account),
      (error: unknown) => this.finish(tracked, tracked.status.phase === 'cancelled' ? 'cancelled' : 'failed', undefined, (error as Error).message),
    );
    this.logins.set(this.key(start.providerId, start.state), tracked);
    this.bus.publish('login', { providerId: start.providerId, state: start.state, phase: 'pending' });
  }

  /** Where a login stands; with `waitMs`, wait that long for a pending one to settle. */
  async status(providerId: string, state: string, waitMs = 0): Promise<LoginStatus> {
    const tracked = this.logins.get(this.key(providerId, state));
    if (!tracked) return { providerId, state, phase: 'unknown' };
    if (tracked.status.phase === 'pending' && waitMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([tracked.settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
    }
    return { ...tracked.status };
  }

  cancel(auth: ProviderAuth, providerId: string, state: string): LoginStatus {
    const tracked = this.logins.get(this.key(providerId, state));
    if (tracked?.status.phase === 'pending') tracked.status.phase = 'cancelled';
    auth.cancelLogin(state, 'The login was cancelled.');
    return tracked ? { ...tracked.status } : { providerId, state, phase: 'unknown' };
  }

  /** The state of the only pending login of a provider, for a pasted code that lacks one. */
  onlyPendingState(providerId: string): string | undefined {
    const pending = [...this.logins.values()].filter((login) => login.status.providerId === providerId && login.status.phase === 'pending');
    return pending.length === 1 ? pending[0].status.state : undefined;
  }

  private finish(tracked: TrackedLogin, phase: 'completed' | 'failed' | 'cancelled', account?: AccountSummary, error?: string): void {
    tracked.status.phase = phase;
    tracked.finishedAt = this.now();
    if (account) tracked.status.account = account;
    if (error) tracked.status.error = error;
    const { providerId, state } = tracked.status;
    this.bus.publish('login', { providerId, state, phase, ...(account ? { account } : {}), ...(error ? { error } : {}) });
    this.onAccountChange();
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [key, login] of this.logins) if (login.finishedAt !== undefined && now - login.finishedAt > rememberMs) this.logins.delete(key);
  }

  private key(providerId: string, state: string): string {
    return `${providerId}\u0000${state}`;
  }
}
