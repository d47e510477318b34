/**
 * The vault-backed accounts of one OAuth provider, provider-neutral: one StoredAccount per email
 * (`<providerId>:<email>`), the tokens in its encrypted `credentials` (plus whatever fields the provider
 * adds, such as ChatGPT's account id). Status, needs-relogin marking and the summary the UI shows live
 * here; quota windows go through the shared QuotaRecorder (live at once, written to the vault in batches).
 */
import type { Logger } from 'pino';
import type { AccountStatus, AccountSummary } from '../../../shared/domain.js';
import { QuotaRecorder } from '../usage/quota-recorder.js';
import type { StoredAccount, VaultStore } from '../vault/vault-store.js';
import type { TokenLifetime } from './refresh-scheduler.js';

/** What every provider's token endpoint answers. */
export interface OAuthGrant extends TokenLifetime {
  accessToken: string;
  /** Absent when a refresh answer kept the old refresh token. */
  refreshToken?: string;
  expiresAt: number;
  issuedAt: number;
}

export interface OAuthLogin<Grant extends OAuthGrant> {
  email: string;
  plan?: string;
  organization?: string;
  grant: Grant;
  /** Provider fields stored with the tokens (after them, in this order). */
  extraCredentials?: Record<string, string>;
}

/** What a refreshed grant changes besides the tokens. */
export interface RefreshedFields {
  credentials: Record<string, string>;
  plan?: string;
}

export interface OAuthAccountStoreOptions<Grant extends OAuthGrant> {
  providerId: string;
  /** Who issues the tokens, as messages name it ("Claude", "OpenAI"). */
  tokenIssuer: string;
  vault: VaultStore;
  now(): number;
  logger: Logger;
  /** Fields a refreshed grant updates beyond the tokens; none when absent. */
  refreshedFields?(grant: Grant): RefreshedFields;
}

export class AccountGoneError extends Error {
  constructor(accountId: string) {
    super(`The account ${accountId} was removed.`);
    this.name = 'AccountGoneError';
  }
}

export function effectiveStatus(account: StoredAccount, refreshing: boolean, now: number): AccountStatus {
  if (account.disabled) return 'disabled';
  if (refreshing) return 'refreshing';
  if (account.status === 'needs-relogin') return 'needs-relogin';
  if (account.cooldownUntil !== undefined && account.cooldownUntil > now) return 'cooling-down';
  return 'ok';
}

/** Usable accounts first; those that need the user last. */
const statusRank: Record<AccountStatus, number> = { ok: 0, refreshing: 0, 'cooling-down': 1, 'needs-relogin': 2, disabled: 3 };

export function byUsability(left: AccountSummary, right: AccountSummary): number {
  return statusRank[left.status] - statusRank[right.status];
}

export class OAuthAccountStore<Grant extends OAuthGrant> {
  readonly quota: QuotaRecorder;
  readonly providerId: string;
  private readonly vault: VaultStore;
  private readonly now: () => number;

  constructor(private readonly options: OAuthAccountStoreOptions<Grant>) {
    this.providerId = options.providerId;
    this.vault = options.vault;
    this.now = options.now;
    this.quota = new QuotaRecorder({ vault: options.vault, now: options.now, logger: options.logger });
  }

  accountId(email: string): string {
    return `${this.providerId}:${email.toLowerCase()}`;
  }

  list(): StoredAccount[] {
    return this.vault.listAccounts(this.providerId);
  }

  get(accountId: string): StoredAccount | undefined {
    const account = this.vault.getAccount(accountId);
    return account?.providerId === this.providerId ? account : undefined;
  }

  /** Store (or replace) the tokens of a freshly connected account. */
  async saveLogin(login: OAuthLogin<Grant>): Promise<StoredAccount> {
    const id = this.accountId(login.email);
    const { grant } = login;
    if (!grant.refreshToken) throw new Error(`${this.options.tokenIssuer}'s token endpoint answered the login without a refresh_token.`);
    const credentials: Record<string, string> = { accessToken: grant.accessToken, refreshToken: grant.refreshToken, ...login.extraCredentials };
    const time = this.now();
    return this.vault.update((data) => {
      const previous = data.accounts[id];
      const account: StoredAccount = {
        id,
        providerId: this.providerId,
        label: login.email,
        email: login.email,
        credentials,
        expiresAt: grant.expiresAt,
        issuedAt: grant.issuedAt,
        status: 'ok',
        createdAt: previous?.createdAt ?? time,
        updatedAt: time,
      };
      const plan = login.plan ?? previous?.plan;
      if (plan) account.plan = plan;
      const organization = login.organization ?? previous?.organization;
      if (organization) account.organization = organization;
      if (previous?.disabled) account.disabled = true;
      if (previous?.quota) account.quota = previous.quota;
      data.accounts[id] = account;
      return structuredClone(account);
    });
  }

  /** Persist a refreshed grant (atomic vault write). An answer without a refresh token keeps the old one. */
  async saveGrant(accountId: string, grant: Grant): Promise<void> {
    const refreshed = this.options.refreshedFields?.(grant);
    await this.vault.update((data) => {
      const account = data.accounts[accountId];
      if (!account) throw new AccountGoneError(accountId);
      account.credentials = {
        ...account.credentials,
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken ?? account.credentials.refreshToken,
        ...refreshed?.credentials,
      };
      if (refreshed?.plan) account.plan = refreshed.plan;
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
    this.quota.forget(accountId);
    return this.vault.update((data) => {
      if (!data.accounts[accountId]) return false;
      delete data.accounts[accountId];
      return true;
    });
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
    const quota = this.quota.quotaOf(account);
    if (quota) summary.quota = quota;
    return summary;
  }
}
