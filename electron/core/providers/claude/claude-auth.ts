/**
 * Connecting Claude Pro/Max accounts and keeping their tokens fresh: the shared OAuth login flow
 * (PKCE, state, loopback listener on the registered redirect) with Claude's authorize URL and JSON
 * code exchange, and the shared refresh scheduler (ahead of expiry, single-flight, rotated refresh
 * token persisted before use). The executor asks here for a usable access token.
 */
import type { AccountSummary, LoginStart, RemoveAccountResult } from '../../../../shared/domain.js';
import { OAuthLoginFlow, type AuthorizeParameters, type CodeGrant } from '../../auth/oauth-login-flow.js';
import { RefreshFailure, RefreshScheduler } from '../../auth/refresh-scheduler.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProviderAuth } from '../provider-auth.js';
import type { ProviderContext } from '../provider-context.js';
import { AccountGoneError, credentialsOf, type ClaudeAccounts } from './claude-accounts.js';
import {
  claudeCallbackPath,
  claudeProviderId,
  claudeTermsNotice,
  minimumTokenValidityMs,
  type ClaudeConfig,
} from './claude-config.js';
import type { ClaudeOAuthApi, ClaudeTokenGrant } from './claude-oauth-api.js';

export interface ClaudeAuthDependencies {
  context: ProviderContext;
  accounts: ClaudeAccounts;
  oauthApi: ClaudeOAuthApi;
  config: () => ClaudeConfig;
  /** Waits between refresh tries (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/** After a transient refresh failure while the token still works, try again this much later. */
const transientRetryMs = 5 * 60_000;

export function claudeAuthorizeUrl(config: ClaudeConfig, parameters: AuthorizeParameters): string {
  const url = new URL(config.authorizeUrl);
  // The order Claude Code sends (protocols.md §1).
  url.searchParams.set('code', 'true');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', parameters.redirectUri);
  url.searchParams.set('scope', config.scopes);
  url.searchParams.set('code_challenge', parameters.codeChallenge);
  url.searchParams.set('code_challenge_method', parameters.codeChallengeMethod);
  url.searchParams.set('state', parameters.state);
  return url.toString();
}

export function needsReloginError(label: string, detail?: string): SwitchyardError {
  const reason = detail ? ` (${detail})` : '';
  return new SwitchyardError(
    'needs_relogin',
    401,
    `The Claude account ${label} needs a new login${reason}. Reconnect it: GET /v1/auth/llmux/claude/login with the management key.`,
    { retryable: true },
  );
}

export class ClaudeAuth implements ProviderAuth {
  private readonly flow: OAuthLoginFlow<AccountSummary>;
  private readonly scheduler: RefreshScheduler<ClaudeTokenGrant>;

  constructor(private readonly dependencies: ClaudeAuthDependencies) {
    const { context, config } = dependencies;
    this.flow = new OAuthLoginFlow<AccountSummary>({
      providerId: claudeProviderId,
      serviceName: 'Claude',
      termsNotice: claudeTermsNotice,
      loopback: () => ({ ports: [config().callbackPort], path: claudeCallbackPath, hostName: 'localhost' }),
      timeoutMs: () => config().loginTimeoutMs,
      authorizeUrl: (parameters) => claudeAuthorizeUrl(config(), parameters),
      exchange: (grant) => this.exchange(grant),
      addSecret: (value) => context.redactor.addSecret(value),
      now: context.now,
      logger: context.logger,
    });
    this.scheduler = new RefreshScheduler<ClaudeTokenGrant>({
      requestGrant: (accountId) => this.requestGrant(accountId),
      persist: (accountId, grant) => dependencies.accounts.saveGrant(accountId, grant),
      onGiveUp: (accountId, error) => this.onGiveUp(accountId, error),
      leadMs: () => config().refreshLeadMs,
      ...(dependencies.retryDelaysMs ? { retryDelaysMs: dependencies.retryDelaysMs } : {}),
      now: context.now,
      logger: context.logger,
    });
    for (const account of dependencies.accounts.list()) {
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

  async removeAccount(accountId: string): Promise<RemoveAccountResult> {
    this.scheduler.cancel(accountId);
    const removed = await this.dependencies.accounts.remove(accountId);
    if (removed) this.dependencies.context.logger.info({ account: accountId }, 'claude account removed');
    return {
      removed,
      detail: removed
        ? 'The tokens were deleted from the vault. Anthropic publishes no token revocation endpoint, so the grant ends only when it expires or when you sign out of sessions at claude.ai.'
        : 'No such Claude account.',
    };
  }

  async refresh(accountId: string): Promise<void> {
    await this.scheduler.refresh(accountId);
  }

  isRefreshing(accountId: string): boolean {
    return this.scheduler.isRefreshing(accountId);
  }

  /** A token a request may use now: refreshed first (shared with concurrent callers) when it is about to expire. */
  async accessToken(accountId: string): Promise<string> {
    const account = this.dependencies.accounts.get(accountId);
    const credentials = credentialsOf(account);
    if (!account || !credentials) throw needsReloginError(accountId, 'its tokens are gone');
    if (account.status === 'needs-relogin') throw needsReloginError(account.label, account.statusDetail);
    // A token with time left serves even while a background refresh (perhaps retrying) runs.
    const remaining = (account.expiresAt ?? 0) - this.dependencies.context.now();
    if (remaining > minimumTokenValidityMs) return credentials.accessToken;
    return this.refreshForRequest(accountId, account.label);
  }

  /**
   * The upstream answered 401 to `rejected`: one refresh (or the one another request already made), then
   * the new token. When the refresh fails the account needs a new login.
   */
  async replaceRejectedToken(accountId: string, rejected: string): Promise<string> {
    const account = this.dependencies.accounts.get(accountId);
    const current = credentialsOf(account);
    if (!account || !current) throw needsReloginError(accountId, 'its tokens are gone');
    if (current.accessToken !== rejected && !this.scheduler.isRefreshing(accountId)) return current.accessToken;
    return this.refreshForRequest(accountId, account.label, true);
  }

  async markNeedsRelogin(accountId: string, detail: string): Promise<void> {
    this.scheduler.cancel(accountId);
    await this.dependencies.accounts.setStatus(accountId, 'needs-relogin', detail);
    this.dependencies.context.logger.warn({ account: accountId, detail }, 'claude account needs a new login');
  }

  async close(): Promise<void> {
    this.scheduler.close();
    await this.flow.close();
  }

  private async refreshForRequest(accountId: string, label: string, afterRejection = false): Promise<string> {
    try {
      return (await this.scheduler.refresh(accountId)).accessToken;
    } catch (error) {
      const detail = `token refresh failed: ${(error as Error).message}`;
      if (afterRejection) await this.markNeedsRelogin(accountId, detail);
      throw needsReloginError(label, detail);
    }
  }

  private async exchange(grant: CodeGrant): Promise<AccountSummary> {
    const { oauthApi, accounts, context } = this.dependencies;
    const tokenGrant = await oauthApi.exchangeCode(grant);
    const profile = await oauthApi.profile(tokenGrant.accessToken);
    const email = tokenGrant.email ?? profile?.email;
    if (!email) throw new SwitchyardError('upstream_error', 502, 'Claude did not say which account logged in (no email in the token answer or the profile).');
    const organization = tokenGrant.organizationName ?? profile?.organizationName;
    const stored = await accounts.saveLogin({
      email,
      grant: tokenGrant,
      ...(profile?.plan ? { plan: profile.plan } : {}),
      ...(organization ? { organization } : {}),
    });
    this.scheduler.schedule(stored.id, tokenGrant);
    context.logger.info({ account: stored.id, plan: stored.plan }, 'claude account connected');
    return accounts.summary(stored, false);
  }

  private async requestGrant(accountId: string): Promise<ClaudeTokenGrant> {
    const credentials = credentialsOf(this.dependencies.accounts.get(accountId));
    if (!credentials) throw new AccountGoneError(accountId);
    return this.dependencies.oauthApi.refresh(credentials.refreshToken);
  }

  /** Permanent failure or an expired token: needs-relogin. A transient failure with time left: try later. */
  private async onGiveUp(accountId: string, error: Error): Promise<void> {
    const account = this.dependencies.accounts.get(accountId);
    if (!account || error instanceof AccountGoneError) return;
    const now = this.dependencies.context.now();
    const permanent = error instanceof RefreshFailure && error.permanent;
    const expiresAt = account.expiresAt ?? 0;
    if (permanent || expiresAt - now <= minimumTokenValidityMs) {
      await this.markNeedsRelogin(accountId, `token refresh failed: ${error.message}`);
      return;
    }
    await this.dependencies.accounts.setStatus(accountId, 'ok', `last token refresh failed (${error.message}); retrying`);
    this.scheduler.scheduleAt(accountId, Math.min(now + transientRetryMs, expiresAt - minimumTokenValidityMs));
  }
}
