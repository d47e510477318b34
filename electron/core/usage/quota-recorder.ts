/**
 * Quota windows of vault accounts, provider-neutral. Windows read from response headers or stream events
 * are shown at once (live, in memory) and written to the vault at most every `writeIntervalMs` per
 * account, so no request pays for a disk write; a usage-endpoint read (`store`) is written right away.
 */
import type { Logger } from 'pino';
import type { QuotaWindow } from '../../../shared/domain.js';
import type { StoredAccount, VaultStore } from '../vault/vault-store.js';

export interface QuotaRecorderOptions {
  vault: VaultStore;
  now(): number;
  logger: Logger;
  writeIntervalMs?: number;
}

const defaultWriteIntervalMs = 30_000;

export class QuotaRecorder {
  private readonly live = new Map<string, QuotaWindow[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly writtenAt = new Map<string, number>();

  constructor(private readonly options: QuotaRecorderOptions) {}

  /** Shown at once; written to the vault at most every interval per account. */
  record(accountId: string, windows: QuotaWindow[]): void {
    this.live.set(accountId, windows);
    if (this.timers.has(accountId)) return;
    const interval = this.options.writeIntervalMs ?? defaultWriteIntervalMs;
    const wait = Math.max(0, (this.writtenAt.get(accountId) ?? 0) + interval - this.options.now());
    const timer = setTimeout(() => void this.write(accountId), wait);
    timer.unref();
    this.timers.set(accountId, timer);
  }

  /** Written now (a usage-endpoint read a user asked for). */
  async store(accountId: string, windows: QuotaWindow[]): Promise<void> {
    this.cancelTimer(accountId);
    this.live.set(accountId, windows);
    await this.write(accountId);
  }

  /** The newest windows: live ones, else those last written to the vault. */
  quotaOf(account: StoredAccount): QuotaWindow[] | undefined {
    return this.live.get(account.id) ?? account.quota;
  }

  /** The account was removed: nothing of it is written again. */
  forget(accountId: string): void {
    this.cancelTimer(accountId);
    this.live.delete(accountId);
    this.writtenAt.delete(accountId);
  }

  /** Write every pending window now (shutdown). */
  async flush(): Promise<void> {
    const pending = [...this.timers.keys()];
    for (const accountId of pending) this.cancelTimer(accountId);
    await Promise.all(pending.map((accountId) => this.write(accountId)));
  }

  private cancelTimer(accountId: string): void {
    const timer = this.timers.get(accountId);
    if (timer) clearTimeout(timer);
    this.timers.delete(accountId);
  }

  private async write(accountId: string): Promise<void> {
    this.timers.delete(accountId);
    const windows = this.live.get(accountId);
    if (!windows) return;
    this.writtenAt.set(accountId, this.options.now());
    try {
      await this.options.vault.update((data) => {
        const account = data.accounts[accountId];
        if (account) account.quota = windows;
      });
    } catch (error) {
      this.options.logger.warn({ account: accountId, error: (error as Error).message }, 'could not store quota windows');
    }
  }
}
