/**
 * ChatGPT Plus/Pro: accounts connected by OAuth (chatgpt-auth.ts), requests sent to the Codex backend
 * with the account's token (chatgpt-executor.ts). Upstream format `openai-responses`, so Codex CLI and
 * other Responses clients pass through (with the body fixes the backend requires), and OpenAI Chat,
 * Anthropic and Gemini clients are translated by the hub. The backend only streams: a client that did
 * not ask for a stream gets the stream aggregated into one answer by the server's relay.
 * Serves `gpt-5*`, `*codex*` and `chatgpt/<model>`; counts no tokens upstream.
 */
import type { OAuthProviderOptions } from '../../auth/oauth-provider-auth.js';
import { oauthProviderMembers } from '../../auth/oauth-provider-members.js';
import { settingsView, type ProviderContext } from '../provider-context.js';
import type { Provider } from '../provider.js';
import { createChatgptAuth } from './chatgpt-auth.js';
import { chatgptConfig, chatgptDisplayName, chatgptProviderId } from './chatgpt-config.js';
import { mapChatgptError } from './chatgpt-errors.js';
import { ChatgptExecutor } from './chatgpt-executor.js';
import { chatgptCatalogue, resolveChatgptModel } from './chatgpt-models.js';
import { ChatgptOAuthApi } from './chatgpt-oauth-api.js';
import { prepareCodexPassthroughBody } from './chatgpt-passthrough-body.js';
import { quotaWindowsFromUsage } from './chatgpt-quota.js';

export type ChatgptProviderOptions = OAuthProviderOptions;

export function createChatgptProvider(context: ProviderContext, options: ChatgptProviderOptions = {}): Provider {
  const config = settingsView(context.settings, chatgptConfig);
  const oauthApi = new ChatgptOAuthApi({ http: context.http, config, addSecret: (value) => context.redactor.addSecret(value), now: context.now });
  const { accounts, auth } = createChatgptAuth(context, oauthApi, config, options);
  const executor = new ChatgptExecutor({ http: context.http, auth, accounts, config, now: context.now });

  return {
    id: chatgptProviderId,
    displayName: chatgptDisplayName,
    upstreamFormat: 'openai-responses',
    countsTokens: false,
    ...oauthProviderMembers({
      auth,
      accounts,
      catalogue: () => chatgptCatalogue(config().models),
      // `GET …/wham/usage` (protocols.md §7): at start and when a user asks; headers keep the windows fresh otherwise.
      readQuota: async (credentials) => quotaWindowsFromUsage(await oauthApi.usage(credentials), context.now()),
    }),
    resolveModel: async (model) => resolveChatgptModel(model),
    execute: (call, account) => executor.execute(call, account),
    preparePassthroughBody: prepareCodexPassthroughBody,
    mapError: (failure) => mapChatgptError(failure, context.now()),
  };
}
