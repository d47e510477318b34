/**
 * Claude Pro/Max: accounts connected by OAuth (claude-auth.ts), requests sent to the Messages API with
 * the account's token (claude-executor.ts). Upstream format `anthropic-messages`, so Anthropic clients
 * (Claude Code, the Anthropic SDK) pass through untouched and the others are translated by the hub.
 * Serves `claude-*` and `claude/<model>`; counts tokens upstream.
 */
import type { OAuthProviderOptions } from '../../auth/oauth-provider-auth.js';
import { oauthProviderMembers } from '../../auth/oauth-provider-members.js';
import { settingsView, type ProviderContext } from '../provider-context.js';
import type { Provider } from '../provider.js';
import { createClaudeAuth } from './claude-auth.js';
import { claudeConfig, claudeDisplayName, claudeProviderId } from './claude-config.js';
import { mapClaudeError } from './claude-errors.js';
import { ClaudeExecutor } from './claude-executor.js';
import { claudeCatalogue, resolveClaudeModel } from './claude-models.js';
import { ClaudeOAuthApi } from './claude-oauth-api.js';
import { quotaWindowsFromUsage } from './claude-quota.js';

export type ClaudeProviderOptions = OAuthProviderOptions;

export function createClaudeProvider(context: ProviderContext, options: ClaudeProviderOptions = {}): Provider {
  const config = settingsView(context.settings, claudeConfig);
  const oauthApi = new ClaudeOAuthApi({ http: context.http, config, addSecret: (value) => context.redactor.addSecret(value), now: context.now });
  const { accounts, auth } = createClaudeAuth(context, oauthApi, config, options);
  const executor = new ClaudeExecutor({ http: context.http, auth, accounts, config });

  return {
    id: claudeProviderId,
    displayName: claudeDisplayName,
    upstreamFormat: 'anthropic-messages',
    countsTokens: true,
    ...oauthProviderMembers({
      auth,
      accounts,
      catalogue: () => claudeCatalogue(config().models),
      readQuota: async (credentials) => quotaWindowsFromUsage(await oauthApi.usage(credentials.accessToken)),
    }),
    resolveModel: async (model) => resolveClaudeModel(model),
    execute: (call, account) => executor.execute(call, account),
    mapError: (failure) => mapClaudeError(failure, context.now()),
  };
}
