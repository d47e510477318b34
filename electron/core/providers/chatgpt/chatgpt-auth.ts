/**
 * Connecting ChatGPT Plus/Pro accounts and keeping their tokens fresh, on the shared OAuth machinery
 * (auth/oauth-provider-auth.ts: PKCE S256, state, the loopback listener on `localhost:1455/auth/callback`
 * with 1457 as the fallback, the refresh scheduler ahead of expiry, single-flight, the rotated refresh token
 * persisted before use; a refused refresh such as `refresh_token_reused` or `invalid_grant` is final:
 * needs-relogin at once). ChatGPT's part: OpenAI's authorize parameters and form-urlencoded code exchange,
 * the id_token claims naming the account (`chatgpt_account_id`, which every Codex request names, is stored
 * with the tokens), and the revocation of the refresh token at OpenAI before an account is removed.
 */
import type { RemoveAccountResult } from '../../../../shared/domain.js';
import type { OAuthAccountStore, RefreshedFields } from '../../auth/oauth-account-store.js';
import type { AuthorizeParameters } from '../../auth/oauth-login-flow.js';
import {
  createOAuthProviderAuth,
  type OAuthProviderAuth,
  type OAuthProviderOptions,
  type OAuthProviderStrategy,
  type OAuthTokens,
  type RevokeOutcome,
} from '../../auth/oauth-provider-auth.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { StoredAccount } from '../../vault/vault-store.js';
import type { ProviderContext } from '../provider-context.js';
import { chatgptCallbackPath, chatgptProviderId, chatgptTermsNotice, type ChatgptConfig } from './chatgpt-config.js';
import type { ChatgptOAuthApi, ChatgptTokenGrant } from './chatgpt-oauth-api.js';

export interface ChatgptCredentials extends OAuthTokens {
  idToken?: string;
  accountId: string;
}

/** What a Codex request needs of an account. */
export type RequestCredentials = Pick<ChatgptCredentials, 'accessToken' | 'accountId'>;
export type ChatgptAccounts = OAuthAccountStore<ChatgptTokenGrant>;
export type ChatgptAuth = OAuthProviderAuth<ChatgptTokenGrant, ChatgptCredentials>;

export function credentialsOf(account: StoredAccount | undefined): ChatgptCredentials | undefined {
  const { accessToken, refreshToken, idToken, accountId } = account?.credentials ?? {};
  if (!accessToken || !refreshToken || !accountId) return undefined;
  return idToken ? { accessToken, refreshToken, idToken, accountId } : { accessToken, refreshToken, accountId };
}

/** A refreshed grant's id_token and the claims it names update the stored account. */
function refreshedFields(grant: ChatgptTokenGrant): RefreshedFields {
  const credentials: Record<string, string> = {};
  if (grant.idToken) credentials.idToken = grant.idToken;
  if (grant.claims.accountId) credentials.accountId = grant.claims.accountId;
  return grant.claims.plan ? { credentials, plan: grant.claims.plan } : { credentials };
}

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

function removedResult(outcome: RevokeOutcome | undefined): RemoveAccountResult {
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

export function chatgptStrategy(oauthApi: ChatgptOAuthApi, config: () => ChatgptConfig): OAuthProviderStrategy<ChatgptTokenGrant, ChatgptCredentials> {
  return {
    serviceName: 'ChatGPT',
    termsNotice: chatgptTermsNotice,
    loopback: () => ({ ports: config().callbackPorts, path: chatgptCallbackPath, hostName: 'localhost' }),
    loginTimeoutMs: () => config().loginTimeoutMs,
    refreshLeadMs: () => config().refreshLeadMs,
    authorizeUrl: (parameters) => chatgptAuthorizeUrl(config(), parameters),
    async exchangeCode(codeGrant) {
      const grant = await oauthApi.exchangeCode(codeGrant);
      const { email, accountId, plan, organization } = grant.claims;
      if (!email) throw new SwitchyardError('upstream_error', 502, "OpenAI's id_token names no email; the account cannot be stored.");
      if (!accountId) {
        throw new SwitchyardError('upstream_error', 502, `OpenAI's id_token for ${email} carries no chatgpt_account_id; is a ChatGPT plan attached to this login?`);
      }
      const extraCredentials: Record<string, string> = { accountId };
      if (grant.idToken) extraCredentials.idToken = grant.idToken;
      return { email, grant, extraCredentials, ...(plan ? { plan } : {}), ...(organization ? { organization } : {}) };
    },
    refreshGrant: (refreshToken) => oauthApi.refresh(refreshToken),
    credentialsOf,
    revoke: (refreshToken) => oauthApi.revoke(refreshToken),
    removedResult,
  };
}

/** ChatGPT's vault-backed accounts (with the id_token's fields) and its ProviderAuth. */
export function createChatgptAuth(
  context: ProviderContext,
  oauthApi: ChatgptOAuthApi,
  config: () => ChatgptConfig,
  options: OAuthProviderOptions = {},
): { accounts: ChatgptAccounts; auth: ChatgptAuth } {
  const strategy = chatgptStrategy(oauthApi, config);
  return createOAuthProviderAuth({ context, providerId: chatgptProviderId, tokenIssuer: 'OpenAI', strategy, refreshedFields, options });
}
