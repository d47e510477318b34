/**
 * The Provider members every OAuth provider has alike: its auth and accounts (usable ones first), the model
 * catalogue shown only once an account can serve it, the quota read-out stored on the account, no health
 * checks of its own (accounts that need a new login are reported by the service's deep health for every
 * provider), and a close that stops the timers and writes the pending quota windows.
 */
import type { QuotaWindow } from '../../../shared/domain.js';
import type { Provider, ProviderModel } from '../providers/provider.js';
import type { OAuthAccountStore, OAuthGrant } from './oauth-account-store.js';
import type { OAuthProviderAuth, OAuthTokens } from './oauth-provider-auth.js';

export interface OAuthProviderParts<Grant extends OAuthGrant, Credentials extends OAuthTokens> {
  auth: OAuthProviderAuth<Grant, Credentials>;
  accounts: OAuthAccountStore<Grant>;
  catalogue(): ProviderModel[];
  /** The account's quota windows from the provider's usage endpoint. */
  readQuota(credentials: Credentials): Promise<QuotaWindow[]>;
}

export type OAuthProviderMembers = Pick<Provider, 'auth' | 'listAccounts' | 'listModels' | 'refreshQuota' | 'healthChecks' | 'close'>;

export function oauthProviderMembers<Grant extends OAuthGrant, Credentials extends OAuthTokens>(
  parts: OAuthProviderParts<Grant, Credentials>,
): OAuthProviderMembers {
  const { auth, accounts } = parts;
  const listAccounts = () => auth.listAccounts();
  return {
    auth,
    listAccounts,
    listModels: async () => (listAccounts().some((account) => !account.disabled) ? parts.catalogue() : []),
    async refreshQuota(accountId) {
      const windows = await parts.readQuota(await auth.requestCredentials(accountId));
      await accounts.quota.store(accountId, windows);
      return windows;
    },
    healthChecks: async () => [],
    async close() {
      await auth.close();
      await accounts.quota.flush();
    },
  };
}
