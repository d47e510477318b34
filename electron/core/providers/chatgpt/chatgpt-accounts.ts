/**
 * ChatGPT accounts in the vault: one StoredAccount per email (`chatgpt:<email>`), with the encrypted
 * credentials `{accessToken, refreshToken, idToken?, accountId}`; `accountId` is the `chatgpt_account_id`
 * claim every Codex request names. Quota windows go through the shared QuotaRecorder (live at once,
 * written to the vault in batches).
 */
import type { Logger } from 'pino';
import type { AccountStatus, AccountSummary } from '../../../../shared/domain.js';
import { QuotaRecorder } from '../../usage/quota-recorder.js';
import type { StoredAccount, VaultStore } from '../../vault/vault-store.js';
import { chatgptProviderId } from './chatgpt-config.js';
import type { ChatgptTokenGrant } from './chatgpt-token-endpoint.js';

export interface ChatgptCredentials {
  accessToken: string;
  refreshToken: string;
  idToken?: string;
  accountId: string;
}

export interface ChatgptLogin {
  email: string;
  accountId: string;
  plan?: string;
  organization?: string;
  grant: ChatgptTokenGrant;
}

export function chatgptAccountKey(email: string): string {
  return `${chatgptProviderId}:${email.toLowerCase()}`;
}

export function credentialsOf(account: StoredAccount | undefined): ChatgptCredentials | undefined {
  const { accessToken, refreshToken, idToken, accountId } = account?.credentials ?? {};
  if (!accessToken || !refreshToken || !accountId) return undefined;
  return idToken ? { accessToken, refreshToken, idToken, accountId } : { accessToken, refreshToken, accountId };
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

export class ChatgptAccounts {
  readonly quota: QuotaRecorder;

  constructor(
    private readonly vault: VaultStore,
    private readonly now: () => number,
    logger: Logger,
  ) {
    this.quota = new QuotaRecorder({ vault, now, logger });
  }

  list(): StoredAccount[] {
    return this.vault.listAccounts(chatgptProviderId);
  }

  get(accountId: string): StoredAccount | undefined {
    const account = this.vault.getAccount(accountId);
    return account?.providerId === chatgptProviderId ? account : undefined;
  }

  /** Store (or replace) the tokens of a freshly connected account. */
  async saveLogin(login: ChatgptLogin): Promise<StoredAccount> {
    const id = chatgptAccountKey(login.email);
    const { grant } = login;
    if (!grant.refreshToken) throw new Error("OpenAI's token endpoint answered the login without a refresh_token.");
    const credentials: Record<string, string> = { accessToken: grant.accessToken, refreshToken: grant.refreshToken, accountId: login.accountId };
    if (grant.idToken) credentials.idToken = grant.idToken;
    const time = this.now();
    return this.vault.update((data) => {
      const previous = data.accounts[id];
      const account: StoredAccount = {
        id,
        providerId: chatgptProviderId,
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
  async saveGrant(accountId: string, grant: ChatgptTokenGrant): Promise<void> {
    await this.vault.update((data) => {
      const account = data.accounts[accountId];
      if (!account) throw new AccountGoneError(accountId);
      const credentials: Record<string, string> = {
        ...account.credentials,
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken ?? account.credentials.refreshToken,
      };
      if (grant.idToken) credentials.idToken = grant.idToken;
      if (grant.claims.accountId) credentials.accountId = grant.claims.accountId;
      account.credentials = credentials;
      if (grant.claims.plan) account.plan = grant.claims.plan;
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
