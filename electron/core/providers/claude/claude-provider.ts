/**
 * Claude Pro/Max: accounts connected by OAuth (claude-auth.ts), requests sent to the Messages API with
 * the account's token (claude-executor.ts). Upstream format `anthropic-messages`, so Anthropic clients
 * (Claude Code, the Anthropic SDK) pass through untouched and the others are translated by the hub.
 * Serves `claude-*` and `claude/<model>`; counts tokens upstream.
 */
import type { ProviderContext } from '../provider-context.js';
import type { Provider } from '../provider.js';
import { createClaudeAuth } from './claude-auth.js';
import { claudeConfig, claudeDisplayName, claudeProviderId } from './claude-config.js';
import { mapClaudeError } from './claude-errors.js';
import { ClaudeExecutor } from './claude-executor.js';
import { claudeCatalogue, resolveClaudeModel } from './claude-models.js';
import { ClaudeOAuthApi } from './claude-oauth-api.js';
import { quotaWindowsFromUsage } from './claude-quota.js';

export interface ClaudeProviderOptions {
  /** Waits between refresh tries (tests shorten them). */
  refreshRetryDelaysMs?: readonly number[];
}

export function createClaudeProvider(context: ProviderContext, options: ClaudeProviderOptions = {}): Provider {
  const config = () => claudeConfig(context.settings.get());
  const oauthApi = new ClaudeOAuthApi({ http: context.http, config, addSecret: (value) => context.redactor.addSecret(value), now: context.now });
  const { accounts, auth } = createClaudeAuth({
    context,
    oauthApi,
    config,
    ...(options.refreshRetryDelaysMs ? { retryDelaysMs: options.refreshRetryDelaysMs } : {}),
  });
  const executor = new ClaudeExecutor({ http: context.http, auth, accounts, config });
  const listAccounts = () => auth.listAccounts();

  return {
    id: claudeProviderId,
    displayName: claudeDisplayName,
    upstreamFormat: 'anthropic-messages',
    countsTokens: true,
    auth,
    resolveModel: async (model) => resolveClaudeModel(model),
    listAccounts,
    // The catalogue shows only once an account can serve it.
    listModels: async () => (listAccounts().some((account) => !account.disabled) ? claudeCatalogue(config().models) : []),
    execute: (call, account) => executor.execute(call, account),
    mapError: (failure) => mapClaudeError(failure, context.now()),
    async refreshQuota(accountId) {
      const windows = quotaWindowsFromUsage(await oauthApi.usage((await auth.requestCredentials(accountId)).accessToken));
      await accounts.quota.store(accountId, windows);
      return windows;
    },
    // Accounts that need a new login are reported by the service's deep health for every provider.
    healthChecks: async () => [],
    async close() {
      await auth.close();
      await accounts.quota.flush();
    },
  };
}
