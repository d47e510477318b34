/**
 * Account cooldowns, persisted (`cooldowns.json`, written atomically) so a restart does not forget
 * them. A cooldown never outlives the upstream's stated reset: explicit resets are used as given,
 * otherwise `retry-after` (or a default) capped at 30 minutes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export const maxImplicitCooldownMs = 30 * 60_000;
export const defaultCooldownMs = 60_000;

export interface Cooldown {
  until: number;
  reason: string;
}

export interface CooldownInput {
  /** Seconds from a `retry-after` header. */
  retryAfterSeconds?: number;
  /** An explicit reset time (epoch ms) stated by the upstream. */
  resetsAt?: number;
}

/**
 * When the account may be used again: `retry-after` when given, bounded by an explicit reset; an
 * explicit reset alone is used as stated (no cap); otherwise a default, capped at 30 minutes.
 */
export function cooldownUntil(now: number, input: CooldownInput): number {
  const explicitReset = input.resetsAt !== undefined && input.resetsAt > now ? input.resetsAt : undefined;
  if (input.retryAfterSeconds !== undefined) {
    const requested = now + Math.max(input.retryAfterSeconds, 0) * 1000;
    return explicitReset === undefined ? Math.min(requested, now + maxImplicitCooldownMs) : Math.min(requested, explicitReset);
  }
  return explicitReset ?? now + defaultCooldownMs;
}

export class CooldownStore {
  private readonly cooldowns = new Map<string, Cooldown>();
  private writeQueue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(accountId: string, cooldown: Cooldown | undefined) => void>();

  constructor(
    private readonly path: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    if (path && existsSync(path)) {
      try {
        const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Cooldown>;
        for (const [accountId, cooldown] of Object.entries(stored)) {
          if (typeof cooldown?.until === 'number' && cooldown.until > this.now()) this.cooldowns.set(accountId, cooldown);
        }
      } catch {
        // A damaged cooldown file only loses cooldowns; accounts are then tried again.
      }
    }
  }

  static inHome(home: string, now?: () => number): CooldownStore {
    return new CooldownStore(join(home, 'cooldowns.json'), now);
  }

  get(accountId: string): Cooldown | undefined {
    const cooldown = this.cooldowns.get(accountId);
    if (cooldown && cooldown.until <= this.now()) {
      this.cooldowns.delete(accountId);
      return undefined;
    }
    return cooldown;
  }

  isCooling(accountId: string): boolean {
    return this.get(accountId) !== undefined;
  }

  /** The earliest time any of these accounts frees up, if all are cooling. */
  earliestFree(accountIds: readonly string[]): number | undefined {
    let earliest: number | undefined;
    for (const id of accountIds) {
      const cooldown = this.get(id);
      if (!cooldown) return undefined;
      earliest = earliest === undefined ? cooldown.until : Math.min(earliest, cooldown.until);
    }
    return earliest;
  }

  set(accountId: string, until: number, reason: string): Promise<void> {
    const cooldown = { until, reason };
    this.cooldowns.set(accountId, cooldown);
    for (const listener of this.listeners) listener(accountId, cooldown);
    return this.persist();
  }

  clear(accountId: string): Promise<void> {
    if (!this.cooldowns.delete(accountId)) return Promise.resolve();
    for (const listener of this.listeners) listener(accountId, undefined);
    return this.persist();
  }

  onChange(listener: (accountId: string, cooldown: Cooldown | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits for pending writes (tests, shutdown). */
  flush(): Promise<void> {
    return this.writeQueue;
  }

  private persist(): Promise<void> {
    const path = this.path;
    if (!path) return Promise.resolve();
    const snapshot = JSON.stringify(Object.fromEntries(this.cooldowns));
    this.writeQueue = this.writeQueue.then(() => writeFileAtomic(path, snapshot, { mode: 0o600 })).catch(() => undefined);
    return this.writeQueue;
  }
}
