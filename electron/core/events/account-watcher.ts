/**
 * Turns account changes into `account-status` events and the cheap health picture into `health` events.
 * It compares the accounts every provider lists whenever something may have changed them (a vault or
 * settings write, a cooldown, a finished request, an operation), coalesced to one check per event-loop
 * turn, and once more when the earliest cooldown ends. No polling loop.
 */
import type { AccountSummary, HealthState } from '../../../shared/domain.js';
import type { Provider } from '../providers/provider.js';
import { providerAccountViews, type CooldownSource } from '../operations/account-view.js';
import { backgroundTimer } from '../background-timer.js';
import type { EventBus } from './event-bus.js';

export interface HealthPicture {
  status: HealthState;
  reasons: string[];
}

export interface AccountWatcherOptions {
  providers: readonly Provider[];
  bus: EventBus;
  cooldowns: () => CooldownSource | undefined;
  /** A warning about how secrets are kept (the vault cipher), shown as a health reason. */
  secretsWarning: () => string | undefined;
  now: () => number;
}

/** Every provider's account views at one moment, computed once per check for both the diff and health. */
interface AccountLook {
  now: number;
  providers: { provider: Provider; accounts: AccountSummary[] }[];
}

export class AccountWatcher {
  private known = new Map<string, { view: AccountSummary; json: string }>();
  private scheduled: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastHealth: string | undefined;
  private closed = false;

  constructor(private readonly options: AccountWatcherOptions) {}

  /** Take the current accounts as the baseline, without events. */
  prime(): void {
    const look = this.look();
    this.known = this.snapshot(look);
    this.lastHealth = JSON.stringify(this.health(look));
    this.armTimer();
  }

  /** Check soon (once per event-loop turn, however many callers ask). */
  schedule(): void {
    if (this.closed || this.scheduled) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      this.check();
    });
  }

  /** Compare with the last look and publish what changed. */
  check(): void {
    if (this.closed) return;
    const look = this.look();
    const next = this.snapshot(look);
    for (const [id, { view, json }] of next) {
      const previous = this.known.get(id);
      if (!previous) this.options.bus.publish('account-status', { change: 'added', account: view });
      else if (previous.json !== json) {
        this.options.bus.publish('account-status', { change: 'updated', account: view, previousStatus: previous.view.status });
      }
    }
    for (const [id, { view }] of this.known) {
      if (!next.has(id)) this.options.bus.publish('account-status', { change: 'removed', account: view, previousStatus: view.status });
    }
    this.known = next;
    const health = this.health(look);
    const healthJson = JSON.stringify(health);
    if (healthJson !== this.lastHealth) {
      this.lastHealth = healthJson;
      this.options.bus.publish('health', health);
    }
    this.armTimer();
  }

  /** The cheap health picture: secrets storage, accounts that need a login, providers with no usable account. */
  health(look: AccountLook = this.look()): HealthPicture {
    const reasons: string[] = [];
    const warning = this.options.secretsWarning();
    if (warning) reasons.push(warning);
    const { now } = look;
    for (const { provider, accounts } of look.providers) {
      for (const account of accounts) {
        if (account.status === 'needs-relogin') reasons.push(`${provider.displayName} account ${account.label} needs a new login.`);
      }
      const enabled = accounts.filter((account) => !account.disabled);
      if (enabled.length > 0 && enabled.every((account) => account.status === 'cooling-down')) {
        const until = Math.min(...enabled.map((account) => account.cooldownUntil ?? now));
        reasons.push(`Every ${provider.displayName} account is cooling down until ${new Date(until).toISOString()}.`);
      }
    }
    return { status: reasons.length > 0 ? 'warn' : 'ok', reasons };
  }

  close(): void {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    if (this.timer) clearTimeout(this.timer);
  }

  private look(): AccountLook {
    const now = this.options.now();
    const cooldowns = this.options.cooldowns();
    return { now, providers: this.options.providers.map((provider) => ({ provider, accounts: providerAccountViews(provider, cooldowns, now) })) };
  }

  private snapshot(look: AccountLook): Map<string, { view: AccountSummary; json: string }> {
    const map = new Map<string, { view: AccountSummary; json: string }>();
    for (const { accounts } of look.providers) {
      for (const view of accounts) map.set(view.id, { view, json: JSON.stringify(view) });
    }
    return map;
  }

  /** A cooldown ending changes a status with nothing else happening: look again at that moment. */
  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.options.now();
    const ends = [...this.known.values()].map(({ view }) => view.cooldownUntil).filter((until): until is number => until !== undefined && until > now);
    if (ends.length === 0 || this.closed) return;
    this.timer = backgroundTimer(() => this.check(), Math.min(...ends) - now + 25);
  }
}
