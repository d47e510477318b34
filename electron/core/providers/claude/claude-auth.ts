/**
 * Connecting Claude Pro/Max accounts and keeping their tokens fresh, on the shared OAuth machinery
 * (auth/oauth-provider-auth.ts: PKCE, state, the loopback listener on the registered redirect, the refresh
 * scheduler ahead of expiry, single-flight, the rotated refresh token persisted before use). Claude's part:
 * its authorize URL, the JSON code exchange, the advisory profile read naming the account, and no
 * revocation (Anthropic publishes no endpoint for it). The executor asks here for a usable access token.
 */
import type { RemoveAccountResult } from '../../../../shared/domain.js';
import type { OAuthAccountStore } from '../../auth/oauth-account-store.js';
import type { AuthorizeParameters } from '../../auth/oauth-login-flow.js';
import {
  createOAuthProviderAuth,
  type OAuthProviderAuth,
  type OAuthProviderOptions,
  type OAuthProviderStrategy,
  type OAuthTokens,
} from '../../auth/oauth-provider-auth.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProviderContext } from '../provider-context.js';
import type { StoredAccount } from '../../vault/vault-store.js';
import { claudeCallbackPath, claudeProviderId, claudeTermsNotice, type ClaudeConfig } from './claude-config.js';
import type { ClaudeOAuthApi, ClaudeTokenGrant } from './claude-oauth-api.js';

export type ClaudeCredentials = OAuthTokens;
export type ClaudeAccounts = OAuthAccountStore<ClaudeTokenGrant>;
export type ClaudeAuth = OAuthProviderAuth<ClaudeTokenGrant, ClaudeCredentials>;

export function credentialsOf(account: StoredAccount | undefined): ClaudeCredentials | undefined {
  const accessToken = account?.credentials.accessToken;
  const refreshToken = account?.credentials.refreshToken;
  return accessToken && refreshToken ? { accessToken, refreshToken } : undefined;
}

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

const removedResult: RemoveAccountResult = {
  removed: true,
  detail:
    'The tokens were deleted from the vault. Anthropic publishes no token revocation endpoint, so the grant ends only when it expires or when you sign out of sessions at claude.ai.',
};

export function claudeStrategy(oauthApi: ClaudeOAuthApi, config: () => ClaudeConfig): OAuthProviderStrategy<ClaudeTokenGrant, ClaudeCredentials> {
  return {
    serviceName: 'Claude',
    termsNotice: claudeTermsNotice,
    loopback: () => ({ ports: [config().callbackPort], path: claudeCallbackPath, hostName: 'localhost' }),
    loginTimeoutMs: () => config().loginTimeoutMs,
    refreshLeadMs: () => config().refreshLeadMs,
    authorizeUrl: (parameters) => claudeAuthorizeUrl(config(), parameters),
    async exchangeCode(codeGrant) {
      const grant = await oauthApi.exchangeCode(codeGrant);
      const profile = await oauthApi.profile(grant.accessToken);
      const email = grant.email ?? profile?.email;
      if (!email) throw new SwitchyardError('upstream_error', 502, 'Claude did not say which account logged in (no email in the token answer or the profile).');
      const organization = grant.organizationName ?? profile?.organizationName;
      return { email, grant, ...(profile?.plan ? { plan: profile.plan } : {}), ...(organization ? { organization } : {}) };
    },
    refreshGrant: (refreshToken) => oauthApi.refresh(refreshToken),
    credentialsOf,
    removedResult: () => ({ ...removedResult }),
  };
}

/** Claude's vault-backed accounts and its ProviderAuth. */
export function createClaudeAuth(
  context: ProviderContext,
  oauthApi: ClaudeOAuthApi,
  config: () => ClaudeConfig,
  options: OAuthProviderOptions = {},
): { accounts: ClaudeAccounts; auth: ClaudeAuth } {
  return createOAuthProviderAuth({ context, providerId: claudeProviderId, tokenIssuer: 'Claude', strategy: claudeStrategy(oauthApi, config), options });
}
