/**
 * Claude accounts in the vault: one StoredAccount per email (`claude:<email>`), tokens in its encrypted
 * `credentials`. Quota windows read from response headers are shown live and written to the vault at most
 * every `quotaWriteIntervalMs`, so no request pays for a disk write.
 */
import type { Logger } from 'pino';
import type { AccountStatus, AccountSummary, QuotaWindow } from '../../../../shared/domain.js';
import type { StoredAccount, VaultStore } from '../../vault/vault-store.js';
import { claudeProviderId } from './claude-config.js';
import type { ClaudeTokenGrant } from './claude-oauth-api.js';

export interface ClaudeCredentials {
  accessToken: string;
  refreshToken: string;
}

export interface LoginDetails {
  email: string;
  plan?: string;
  organization?: string;
  grant: ClaudeTokenGrant;
}

const quotaWriteIntervalMs = 30_000;

export function claudeAccountId(email: string): string {
  return `${claudeProviderId}:${email.toLowerCase()}`;
}

export function credentialsOf(account: StoredAccount | undefined): ClaudeCredentials | undefined {
  const accessToken = account?.credentials.accessToken;
  const refreshToken = account?.credentials.refreshToken;
  return accessToken && refreshToken ? { accessToken, refreshToken } : undefined;
}

export class AccountGoneError extends Error {
  constructor(accountId: string) {
    super(`The account ${accountId} was removed.`);
    this.name = 'AccountGoneError';
  }
}

export class ClaudeAccounts {
  private readonly liveQuota = new Map<string, QuotaWindow[]>();
  private readonly quotaTimers = new Map<string, NodeJS.Timeout>();
  private readonly quotaWrittenAt = new Map<string, number>();

  constructor(
    private readonly vault: VaultStore,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  list(): StoredAccount[] {
    return this.vault.listAccounts(claudeProviderId);
  }

  get(accountId: string): StoredAccount | undefined {
    const account = this.vault.getAccount(accountId);
    return account?.providerId === claudeProviderId ? account : undefined;
  }

  /** Store (or replace) the tokens of a freshly connected account. */
  async saveLogin(details: LoginDetails): Promise<StoredAccount> {
    const id = claudeAccountId(details.email);
    const refreshToken = details.grant.refreshToken;
    if (!refreshToken) throw new Error("Claude's token endpoint answered the login without a refresh_token.");
    const time = this.now();
    return this.vault.update((data) => {
      const previous = data.accounts[id];
      const account: StoredAccount = {
        id,
        providerId: claudeProviderId,
        label: details.email,
        email: details.email,
        credentials: { accessToken: details.grant.accessToken, refreshToken },
        expiresAt: details.grant.expiresAt,
        issuedAt: details.grant.issuedAt,
        status: 'ok',
        createdAt: previous?.createdAt ?? time,
        updatedAt: time,
      };
      const plan = details.plan ?? previous?.plan;
      if (plan) account.plan = plan;
      const organization = details.organization ?? previous?.organization;
      if (organization) account.organization = organization;
      if (previous?.disabled) account.disabled = true;
      if (previous?.quota) account.quota = previous.quota;
      data.accounts[id] = account;
      return structuredClone(account);
    });
  }

  /** Persist a refreshed grant (atomic vault write). A grant without a refresh token keeps the old one. */
  async saveGrant(accountId: string, grant: ClaudeTokenGrant): Promise<void> {
    await this.vault.update((data) => {
      const account = data.accounts[accountId];
      if (!account) throw new AccountGoneError(accountId);
      account.credentials = {
        ...account.credentials,
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken ?? account.credentials.refreshToken,
      };
      account.expiresAt = grant.expiresAt;
      account.issuedAt = grant.issuedAt;
      account.status = 'ok';
      delete account.statusDetail;
      account.updatedAt = this.now();
    });
  }

  async setStatus(accountId: string, status: AccountStatus, detail?: string): Promise<void> {
    await this.vault.update((data) => {
      const account = data.accounts[accountId];
      if (!account) return;
      account.status = status;
      if (detail) account.statusDetail = detail;
      else delete account.statusDetail;
      account.updatedAt = this.now();
    });
  }

  async remove(accountId: string): Promise<boolean> {
    this.forgetQuota(accountId);
    return this.vault.update((data) => {
      if (!data.accounts[accountId]) return false;
      delete data.accounts[accountId];
      return true;
    });
  }

  /** Shown at once; written to the vault at most every 30 s per account. */
  recordQuota(accountId: string, windows: QuotaWindow[]): void {
    this.liveQuota.set(accountId, windows);
    if (this.quotaTimers.has(accountId)) return;
    const wait = Math.max(0, (this.quotaWrittenAt.get(accountId) ?? 0) + quotaWriteIntervalMs - this.now());
    const timer = setTimeout(() => void this.writeQuota(accountId), wait);
    timer.unref();
    this.quotaTimers.set(accountId, timer);
  }

  /** Shown and written at once (a read-out the user asked for). */
  async storeQuota(accountId: string, windows: QuotaWindow[]): Promise<void> {
    const timer = this.quotaTimers.get(accountId);
    if (timer) clearTimeout(timer);
    this.quotaTimers.delete(accountId);
    this.liveQuota.set(accountId, windows);
    await this.writeQuota(accountId);
  }

  quotaOf(account: StoredAccount): QuotaWindow[] | undefined {
    return this.liveQuota.get(account.id) ?? account.quota;
  }

  /** Write every pending quota now (shutdown). */
  async flush(): Promise<void> {
    const pending = [...this.quotaTimers.keys()];
    for (const timer of this.quotaTimers.values()) clearTimeout(timer);
    this.quotaTimers.clear();
    await Promise.all(pending.map((accountId) => this.writeQuota(accountId)));
  }

  summary(account: StoredAccount, refreshing: boolean): AccountSummary {
    const summary: AccountSummary = {
      id: account.id,
      providerId: account.providerId,
      label: account.label,
      status: effectiveStatus(account, refreshing, this.now()),
      disabled: account.disabled === true,
    };
    if (account.email) summary.email = account.email;
    if (account.plan) summary.plan = account.plan;
    if (account.organization) summary.organization = account.organization;
    if (account.expiresAt !== undefined) summary.expiresAt = account.expiresAt;
    if (account.cooldownUntil !== undefined && account.cooldownUntil > this.now()) summary.cooldownUntil = account.cooldownUntil;
    if (account.statusDetail) summary.statusDetail = account.statusDetail;
    const quota = this.quotaOf(account);
    if (quota) summary.quota = quota;
    return summary;
  }

  private forgetQuota(accountId: string): void {
    const timer = this.quotaTimers.get(accountId);
    if (timer) clearTimeout(timer);
    this.quotaTimers.delete(accountId);
    this.liveQuota.delete(accountId);
    this.quotaWrittenAt.delete(accountId);
  }

  private async writeQuota(accountId: string): Promise<void> {
    this.quotaTimers.delete(accountId);
    const windows = this.liveQuota.get(accountId);
    if (!windows) return;
    this.quotaWrittenAt.set(accountId, this.now());
    try {
      await this.vault.update((data) => {
        const account = data.accounts[accountId];
        if (account) account.quota = windows;
      });
    } catch (error) {
      this.logger.warn({ account: accountId, error: (error as Error).message }, 'could not store quota windows');
    }
  }
}

export function effectiveStatus(account: StoredAccount, refreshing: boolean, now: number): AccountStatus {
  if (account.disabled) return 'disabled';
  if (refreshing) return 'refreshing';
  if (account.status === 'needs-relogin') return 'needs-relogin';
  if (account.cooldownUntil !== undefined && account.cooldownUntil > now) return 'cooling-down';
  return 'ok';
}
