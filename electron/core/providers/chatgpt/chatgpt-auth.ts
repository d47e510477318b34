/**
 * Connecting ChatGPT Plus/Pro accounts and keeping their tokens fresh, on the shared OAuth machinery:
 * the login flow (PKCE S256, state, the loopback listener on `localhost:1455/auth/callback` with 1457 as
 * the fallback) with OpenAI's authorize parameters and form-urlencoded code exchange, and the refresh
 * scheduler (ahead of expiry, single-flight, the rotated refresh token persisted before use; a refused
 * refresh such as `refresh_token_reused` or `invalid_grant` is final: needs-relogin at once). Removing an
 * account revokes its refresh token at OpenAI first. The executor asks here for a usable token.
 */
import type { AccountSummary, LoginStart, RemoveAccountResult } from '../../../../shared/domain.js';
import { OAuthLoginFlow, type AuthorizeParameters, type CodeGrant } from '../../auth/oauth-login-flow.js';
import { RefreshFailure, RefreshScheduler } from '../../auth/refresh-scheduler.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProviderAuth } from '../provider-auth.js';
import type { ProviderContext } from '../provider-context.js';
import { AccountGoneError, credentialsOf, type ChatgptAccounts } from './chatgpt-accounts.js';
import { chatgptCallbackPath, chatgptProviderId, chatgptTermsNotice, minimumTokenValidityMs, type ChatgptConfig } from './chatgpt-config.js';
import type { ChatgptTokenEndpoint, ChatgptTokenGrant } from './chatgpt-token-endpoint.js';

export interface ChatgptAuthDependencies {
  context: ProviderContext;
  accounts: ChatgptAccounts;
  tokens: ChatgptTokenEndpoint;
  config: () => ChatgptConfig;
  /** Waits between refresh tries (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/** What a Codex request needs of an account. */
export interface RequestCredentials {
  accessToken: string;
  accountId: string;
}

/** After a transient refresh failure while the token still works, try again this much later. */
const transientRetryMs = 5 * 60_000;

/** The authorize URL with Codex CLI's parameters, in its order (protocols.md §2). */
export function chatgptAuthorizeUrl(config: ChatgptConfig, parameters: AuthorizeParameters): string {
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', parameters.redirectUri);
  url.searchParams.set('scope', config.scopes);
  url.searchParams.set('code_challenge', parameters.codeChallenge);
  url.searchParams.set('code_challenge_method', parameters.codeChallengeMethod);
  url.searchParams.set('id_token_add_organizations', 'true');
  url.searchParams.set('codex_cli_simplified_flow', 'true');
  url.searchParams.set('state', parameters.state);
  url.searchParams.set('originator', config.originator);
  return url.toString();
}

export function needsReloginError(label: string, detail?: string): SwitchyardError {
  const reason = detail ? ` (${detail})` : '';
  return new SwitchyardError(
    'needs_relogin',
    401,
    `The ChatGPT account ${label} needs a new login${reason}. Reconnect it: GET /v1/auth/llmux/chatgpt/login with the management key.`,
    { retryable: true },
  );
}

export class ChatgptAuth implements ProviderAuth {
  private readonly flow: OAuthLoginFlow<AccountSummary>;
  private readonly scheduler: RefreshScheduler<ChatgptTokenGrant>;

  constructor(private readonly dependencies: ChatgptAuthDependencies) {
    const { context, config } = dependencies;
    this.flow = new OAuthLoginFlow<AccountSummary>({
      providerId: chatgptProviderId,
      serviceName: 'ChatGPT',
      termsNotice: chatgptTermsNotice,
      loopback: () => ({ ports: config().callbackPorts, path: chatgptCallbackPath, hostName: 'localhost' }),
      timeoutMs: () => config().loginTimeoutMs,
      authorizeUrl: (parameters) => chatgptAuthorizeUrl(config(), parameters),
      exchange: (grant) => this.exchange(grant),
      addSecret: (value) => context.redactor.addSecret(value),
      now: context.now,
      logger: context.logger,
    });
    this.scheduler = new RefreshScheduler<ChatgptTokenGrant>({
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

  /** Revoke the refresh token at OpenAI, then delete the tokens; a failed revocation still deletes them. */
  async removeAccount(accountId: string): Promise<RemoveAccountResult> {
    const { accounts, tokens, context } = this.dependencies;
    // A refresh in flight rotates the refresh token: revoke the newest one.
    if (this.scheduler.isRefreshing(accountId)) await this.scheduler.refresh(accountId).catch(() => undefined);
    this.scheduler.cancel(accountId);
    const credentials = credentialsOf(accounts.get(accountId));
    const outcome = credentials ? await tokens.revoke(credentials.refreshToken) : undefined;
    const removed = await accounts.remove(accountId);
    if (!removed) return { removed: false, detail: 'No such ChatGPT account.' };
    context.logger.info({ account: accountId, revoked: outcome?.revoked ?? false }, 'chatgpt account removed');
    if (outcome?.revoked) {
      return { removed: true, revoked: true, detail: 'The refresh token was revoked at OpenAI and the tokens were deleted from the vault.' };
    }
    const reason = outcome?.reason ?? 'no refresh token was stored';
    return {
      removed: true,
      revoked: false,
      detail: `The tokens were deleted from the vault, but revoking the refresh token at OpenAI failed: ${reason}. The grant ends when it expires, or when you sign out of all sessions at chatgpt.com.`,
    };
  }

  async refresh(accountId: string): Promise<void> {
    await this.scheduler.refresh(accountId);
  }

  isRefreshing(accountId: string): boolean {
    return this.scheduler.isRefreshing(accountId);
  }

  /** A token a request may use now: refreshed first (shared with concurrent callers) when it is about to expire. */
  async requestCredentials(accountId: string): Promise<RequestCredentials> {
    const account = this.dependencies.accounts.get(accountId);
    const credentials = credentialsOf(account);
    if (!account || !credentials) throw needsReloginError(accountId, 'its tokens are gone');
    if (account.status === 'needs-relogin') throw needsReloginError(account.label, account.statusDetail);
    // A token with time left serves even while a background refresh (perhaps retrying) runs.
    const remaining = (account.expiresAt ?? 0) - this.dependencies.context.now();
    if (remaining > minimumTokenValidityMs) return { accessToken: credentials.accessToken, accountId: credentials.accountId };
    return this.refreshForRequest(accountId, account.label);
  }

  /**
   * The upstream answered 401 to `rejected`: one refresh (or the one another request already made), then
   * the new token. When the refresh fails the account needs a new login.
   */
  async replaceRejectedToken(accountId: string, rejected: string): Promise<RequestCredentials> {
    const account = this.dependencies.accounts.get(accountId);
    const current = credentialsOf(account);
    if (!account || !current) throw needsReloginError(accountId, 'its tokens are gone');
    if (current.accessToken !== rejected && !this.scheduler.isRefreshing(accountId)) {
      return { accessToken: current.accessToken, accountId: current.accountId };
    }
    return this.refreshForRequest(accountId, account.label, true);
  }

  async markNeedsRelogin(accountId: string, detail: string): Promise<void> {
    this.scheduler.cancel(accountId);
    await this.dependencies.accounts.setStatus(accountId, 'needs-relogin', detail);
    this.dependencies.context.logger.warn({ account: accountId, detail }, 'chatgpt account needs a new login');
  }

  async close(): Promise<void> {
    this.scheduler.close();
    await this.flow.close();
  }

  private async refreshForRequest(accountId: string, label: string, afterRejection = false): Promise<RequestCredentials> {
    try {
      const grant = await this.scheduler.refresh(accountId);
      const stored = credentialsOf(this.dependencies.accounts.get(accountId));
      if (!stored) throw new AccountGoneError(accountId);
      return { accessToken: grant.accessToken, accountId: stored.accountId };
    } catch (error) {
      const detail = `token refresh failed: ${(error as Error).message}`;
      if (afterRejection) await this.markNeedsRelogin(accountId, detail);
      throw needsReloginError(label, detail);
    }
  }

  private async exchange(grant: CodeGrant): Promise<AccountSummary> {
    const { tokens, accounts, context } = this.dependencies;
    const tokenGrant = await tokens.exchangeCode(grant);
    const { email, accountId, plan, organization } = tokenGrant.claims;
    if (!email) throw new SwitchyardError('upstream_error', 502, "OpenAI's id_token names no email; the account cannot be stored.");
    if (!accountId) {
      throw new SwitchyardError('upstream_error', 502, `OpenAI's id_token for ${email} carries no chatgpt_account_id; is a ChatGPT plan attached to this login?`);
    }
    const stored = await accounts.saveLogin({
      email,
      accountId,
      grant: tokenGrant,
      ...(plan ? { plan } : {}),
      ...(organization ? { organization } : {}),
    });
    this.scheduler.schedule(stored.id, tokenGrant);
    context.logger.info({ account: stored.id, plan: stored.plan }, 'chatgpt account connected');
    return accounts.summary(stored, false);
  }

  private async requestGrant(accountId: string): Promise<ChatgptTokenGrant> {
    const credentials = credentialsOf(this.dependencies.accounts.get(accountId));
    if (!credentials) throw new AccountGoneError(accountId);
    return this.dependencies.tokens.refresh(credentials.refreshToken);
  }

  /** A refused refresh or an expired token: needs-relogin. A transient failure with time left: try later. */
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
