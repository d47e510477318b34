/**
 * The ProviderAuth of an OAuth provider, provider-neutral: the login flow (PKCE, state, loopback listener),
 * the refresh scheduler (ahead of expiry, single-flight, the rotated refresh token persisted before use),
 * the token a request may use, the one refresh and retry after a 401, needs-relogin marking and account
 * removal. A provider's `<id>-auth.ts` supplies only its quirks as an OAuthProviderStrategy: the authorize
 * URL, the code exchange and who logged in, the refresh call, its credential fields and revocation (or not).
 */
import type { AccountSummary, LoginStart, RemoveAccountResult } from '../../../shared/domain.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { ProviderAuth } from '../providers/provider-auth.js';
import type { ProviderContext } from '../providers/provider-context.js';
import type { StoredAccount } from '../vault/vault-store.js';
import {
  AccountGoneError,
  byUsability,
  OAuthAccountStore,
  type OAuthAccountStoreOptions,
  type OAuthGrant,
  type OAuthLogin,
} from './oauth-account-store.js';
import { OAuthLoginFlow, type AuthorizeParameters, type CodeGrant, type LoopbackPlan } from './oauth-login-flow.js';
import { RefreshFailure, RefreshScheduler } from './refresh-scheduler.js';

/** The stored tokens every provider's credentials hold. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
}

export interface RevokeOutcome {
  revoked: boolean;
  /** Why not, when the revocation failed. */
  reason?: string;
}

export interface OAuthProviderStrategy<Grant extends OAuthGrant, Credentials extends OAuthTokens> {
  /** e.g. "Claude": the login pages, the needs-relogin errors and the logs name it. */
  serviceName: string;
  termsNotice: string;
  /** Read at each login, so setting changes apply to the next one. */
  loopback(): LoopbackPlan;
  loginTimeoutMs(): number;
  refreshLeadMs(): number;
  authorizeUrl(parameters: AuthorizeParameters): string;
  /** The code exchange: the tokens and who logged in (throw when the answer names no account). */
  exchangeCode(grant: CodeGrant): Promise<OAuthLogin<Grant>>;
  /** One refresh call at the token endpoint; throws RefreshFailure. */
  refreshGrant(refreshToken: string): Promise<Grant>;
  /** The stored credentials, or undefined when some are missing. */
  credentialsOf(account: StoredAccount | undefined): Credentials | undefined;
  /** Revoke a refresh token upstream (never throws); absent where the provider publishes no revocation. */
  revoke?(refreshToken: string): Promise<RevokeOutcome>;
  /** What the user is told once the tokens are deleted (`outcome`: the revocation's, where one was tried). */
  removedResult(outcome: RevokeOutcome | undefined): RemoveAccountResult;
}

export interface OAuthProviderAuthOptions<Grant extends OAuthGrant, Credentials extends OAuthTokens> {
  context: ProviderContext;
  accounts: OAuthAccountStore<Grant>;
  strategy: OAuthProviderStrategy<Grant, Credentials>;
  /** Waits between refresh tries (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/** What a test may change of an OAuth provider. */
export interface OAuthProviderOptions {
  /** Waits between refresh tries (tests shorten them). */
  refreshRetryDelaysMs?: readonly number[];
}

export interface OAuthProviderSetup<Grant extends OAuthGrant, Credentials extends OAuthTokens>
  extends Pick<OAuthAccountStoreOptions<Grant>, 'providerId' | 'tokenIssuer' | 'refreshedFields'> {
  context: ProviderContext;
  strategy: OAuthProviderStrategy<Grant, Credentials>;
  options?: OAuthProviderOptions;
}

/** The provider's vault-backed accounts and its ProviderAuth over them. */
export function createOAuthProviderAuth<Grant extends OAuthGrant, Credentials extends OAuthTokens>(
  setup: OAuthProviderSetup<Grant, Credentials>,
): { accounts: OAuthAccountStore<Grant>; auth: OAuthProviderAuth<Grant, Credentials> } {
  const { context, strategy, options = {} } = setup;
  const accounts = new OAuthAccountStore<Grant>({
    providerId: setup.providerId,
    tokenIssuer: setup.tokenIssuer,
    vault: context.vault,
    now: context.now,
    logger: context.logger,
    ...(setup.refreshedFields ? { refreshedFields: setup.refreshedFields } : {}),
  });
  const retryDelaysMs = options.refreshRetryDelaysMs;
  const auth = new OAuthProviderAuth<Grant, Credentials>({ context, accounts, strategy, ...(retryDelaysMs ? { retryDelaysMs } : {}) });
  return { accounts, auth };
}

/** The part of an upstream reply the 401 retry reads. */
export interface RejectableReply {
  status: number;
  body: { dump(): Promise<unknown> };
}

/** A request never uses a token with less validity left than this; it refreshes first. */
export const minimumTokenValidityMs = 60_000;
/** After a transient refresh failure while the token still works, try again this much later. */
const transientRetryMs = 5 * 60_000;

export class OAuthProviderAuth<Grant extends OAuthGrant, Credentials extends OAuthTokens> implements ProviderAuth {
  private readonly flow: OAuthLoginFlow<AccountSummary>;
  private readonly scheduler: RefreshScheduler<Grant>;
  private readonly context: ProviderContext;
  private readonly accounts: OAuthAccountStore<Grant>;
  private readonly strategy: OAuthProviderStrategy<Grant, Credentials>;

  constructor(options: OAuthProviderAuthOptions<Grant, Credentials>) {
    const { context, accounts, strategy } = options;
    this.context = context;
    this.accounts = accounts;
    this.strategy = strategy;
    this.flow = new OAuthLoginFlow<AccountSummary>({
      providerId: accounts.providerId,
      serviceName: strategy.serviceName,
      termsNotice: strategy.termsNotice,
      loopback: () => strategy.loopback(),
      timeoutMs: () => strategy.loginTimeoutMs(),
      authorizeUrl: (parameters) => strategy.authorizeUrl(parameters),
      exchange: (grant) => this.exchange(grant),
      addSecret: (value) => context.redactor.addSecret(value),
      now: context.now,
      logger: context.logger,
    });
    this.scheduler = new RefreshScheduler<Grant>({
      requestGrant: (accountId) => this.requestGrant(accountId),
      persist: (accountId, grant) => accounts.saveGrant(accountId, grant),
      onGiveUp: (accountId, error) => this.onGiveUp(accountId, error),
      leadMs: () => strategy.refreshLeadMs(),
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
      now: context.now,
      logger: context.logger,
    });
    for (const account of accounts.list()) {
      if (account.status !== 'needs-relogin' && account.expiresAt !== undefined) {
        this.scheduler.schedule(account.id, { expiresAt: account.expiresAt, issuedAt: account.issuedAt });
      }
    }
  }

  startLogin(): Promise<LoginStart> {
    return this.flow.startLogin();
  }

  completeLogin(input: { code: string; state: string }): Promise<AccountSummary> {
    return this.flow.completeLogin(input);
  }

  waitForLogin(state: string): Promise<AccountSummary> {
    return this.flow.waitForLogin(state);
  }

  cancelLogin(state: string, reason?: string): void {
    this.flow.cancelLogin(state, reason);
  }

  /** Revoke the refresh token upstream where the provider can, then delete the tokens (a failed revocation still deletes them). */
  async removeAccount(accountId: string): Promise<RemoveAccountResult> {
    const { accounts, strategy, context } = this;
    const revoke = strategy.revoke?.bind(strategy);
    // A refresh in flight rotates the refresh token: revoke the newest one.
    if (revoke && this.scheduler.isRefreshing(accountId)) await this.scheduler.refresh(accountId).catch(() => undefined);
    this.scheduler.cancel(accountId);
    const credentials = revoke ? strategy.credentialsOf(accounts.get(accountId)) : undefined;
    const outcome = revoke && credentials ? await revoke(credentials.refreshToken) : undefined;
    const removed = await accounts.remove(accountId);
    if (!removed) return { removed: false, detail: `No such ${strategy.serviceName} account.` };
    const logged = revoke ? { account: accountId, revoked: outcome?.revoked ?? false } : { account: accountId };
    context.logger.info(logged, `${accounts.providerId} account removed`);
    return strategy.removedResult(outcome);
  }

  async refresh(accountId: string): Promise<void> {
    await this.scheduler.refresh(accountId);
  }

  isRefreshing(accountId: string): boolean {
    return this.scheduler.isRefreshing(accountId);
  }

  /** The provider's accounts as the UI and routing see them: usable ones first. */
  listAccounts(): AccountSummary[] {
    return this.accounts
      .list()
      .map((account) => this.accounts.summary(account, this.isRefreshing(account.id)))
      .sort(byUsability);
  }

  /** Credentials a request may use now: refreshed first (shared with concurrent callers) when the token is about to expire. */
  async requestCredentials(accountId: string): Promise<Credentials> {
    const account = this.accounts.get(accountId);
    const credentials = this.strategy.credentialsOf(account);
    if (!account || !credentials) throw this.needsReloginError(accountId, 'its tokens are gone');
    if (account.status === 'needs-relogin') throw this.needsReloginError(account.label, account.statusDetail);
    // A token with time left serves even while a background refresh (perhaps retrying) runs.
    const remaining = (account.expiresAt ?? 0) - this.context.now();
    if (remaining > minimumTokenValidityMs) return credentials;
    return this.refreshForRequest(accountId, account.label);
  }

  /**
   * The upstream answered 401 to `rejected`: one refresh (or the one another request already made), then
   * the new token. When the refresh fails the account needs a new login.
   */
  async replaceRejectedToken(accountId: string, rejected: string): Promise<Credentials> {
    const account = this.accounts.get(accountId);
    const current = this.strategy.credentialsOf(account);
    if (!account || !current) throw this.needsReloginError(accountId, 'its tokens are gone');
    if (current.accessToken !== rejected && !this.scheduler.isRefreshing(accountId)) return current;
    return this.refreshForRequest(accountId, account.label, true);
  }

  /** Send with a usable token; a 401 gets one refresh (single-flight) and one retry, a second 401 marks the account needs-relogin. */
  async sendWithFreshToken<Reply extends RejectableReply>(accountId: string, send: (credentials: Credentials) => Promise<Reply>): Promise<Reply> {
    const credentials = await this.requestCredentials(accountId);
    const first = await send(credentials);
    if (first.status !== 401) return first;
    await first.body.dump();
    const replacement = await this.replaceRejectedToken(accountId, credentials.accessToken);
    const second = await send(replacement);
    if (second.status === 401) await this.markNeedsRelogin(accountId, `${this.strategy.serviceName} rejected a freshly refreshed token (HTTP 401)`);
    return second;
  }

  async markNeedsRelogin(accountId: string, detail: string): Promise<void> {
    this.scheduler.cancel(accountId);
    await this.accounts.setStatus(accountId, 'needs-relogin', detail);
    this.context.logger.warn({ account: accountId, detail }, `${this.accounts.providerId} account needs a new login`);
  }

  async close(): Promise<void> {
    this.scheduler.close();
    await this.flow.close();
  }

  needsReloginError(label: string, detail?: string): SwitchyardError {
    const reason = detail ? ` (${detail})` : '';
    const { serviceName } = this.strategy;
    return new SwitchyardError(
      'needs_relogin',
      401,
      `The ${serviceName} account ${label} needs a new login${reason}. Reconnect it: GET /v1/auth/llmux/${this.accounts.providerId}/login with the management key.`,
      { retryable: true },
    );
  }

  private async refreshForRequest(accountId: string, label: string, afterRejection = false): Promise<Credentials> {
    try {
      const grant = await this.scheduler.refresh(accountId);
      const stored = this.strategy.credentialsOf(this.accounts.get(accountId));
      if (!stored) throw new AccountGoneError(accountId);
      return { ...stored, accessToken: grant.accessToken };
    } catch (error) {
      const detail = `token refresh failed: ${(error as Error).message}`;
      if (afterRejection) await this.markNeedsRelogin(accountId, detail);
      throw this.needsReloginError(label, detail);
    }
  }

  private async exchange(grant: CodeGrant): Promise<AccountSummary> {
    const login = await this.strategy.exchangeCode(grant);
    const stored = await this.accounts.saveLogin(login);
    this.scheduler.schedule(stored.id, login.grant);
    this.context.logger.info({ account: stored.id, plan: stored.plan }, `${this.accounts.providerId} account connected`);
    return this.accounts.summary(stored, false);
  }

  private async requestGrant(accountId: string): Promise<Grant> {
    const credentials = this.strategy.credentialsOf(this.accounts.get(accountId));
    if (!credentials) throw new AccountGoneError(accountId);
    return this.strategy.refreshGrant(credentials.refreshToken);
  }

  /** A refused refresh or an expired token: needs-relogin. A transient failure with time left: try later. */
  private async onGiveUp(accountId: string, error: Error): Promise<void> {
    const account = this.accounts.get(accountId);
    if (!account || error instanceof AccountGoneError) return;
    const now = this.context.now();
    const permanent = error instanceof RefreshFailure && error.permanent;
    const expiresAt = account.expiresAt ?? 0;
    if (permanent || expiresAt - now <= minimumTokenValidityMs) {
      await this.markNeedsRelogin(accountId, `token refresh failed: ${error.message}`);
      return;
    }
    await this.accounts.setStatus(accountId, 'ok', `last token refresh failed (${error.message}); retrying`);
    this.scheduler.scheduleAt(accountId, Math.min(now + transientRetryMs, expiresAt - minimumTokenValidityMs));
  }
}
