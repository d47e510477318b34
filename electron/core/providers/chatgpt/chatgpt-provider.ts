/**
 * ChatGPT Plus/Pro: accounts connected by OAuth (chatgpt-auth.ts), requests sent to the Codex backend
 * with the account's token (chatgpt-executor.ts). Upstream format `openai-responses`, so Codex CLI and
 * other Responses clients pass through (with the body fixes the backend requires), and OpenAI Chat,
 * Anthropic and Gemini clients are translated by the hub. The backend only streams: a client that did
 * not ask for a stream gets the stream aggregated into one answer by the server's relay.
 * Serves `gpt-5*`, `*codex*` and `chatgpt/<model>`; counts no tokens upstream.
 */
import type { ProviderContext } from '../provider-context.js';
import type { Provider } from '../provider.js';
import { createChatgptAuth } from './chatgpt-auth.js';
import { chatgptConfig, chatgptDisplayName, chatgptProviderId } from './chatgpt-config.js';
import { mapChatgptError } from './chatgpt-errors.js';
import { ChatgptExecutor } from './chatgpt-executor.js';
import { chatgptCatalogue, resolveChatgptModel } from './chatgpt-models.js';
import { ChatgptOAuthApi } from './chatgpt-oauth-api.js';
import { prepareCodexPassthroughBody } from './chatgpt-passthrough-body.js';
import { quotaWindowsFromUsage } from './chatgpt-quota.js';

export interface ChatgptProviderOptions {
  /** Waits between refresh tries (tests shorten them). */
  refreshRetryDelaysMs?: readonly number[];
}


export function createChatgptProvider(context: ProviderContext, options: ChatgptProviderOptions = {}): Provider {
  const config = () => chatgptConfig(context.settings.get());
  const oauthApi = new ChatgptOAuthApi({ http: context.http, config, addSecret: (value) => context.redactor.addSecret(value), now: context.now });
  const { accounts, auth } = createChatgptAuth({
    context,
    oauthApi,
    config,
    ...(options.refreshRetryDelaysMs ? { retryDelaysMs: options.refreshRetryDelaysMs } : {}),
  });
  const executor = new ChatgptExecutor({ http: context.http, auth, accounts, config, now: context.now });
  const listAccounts = () => auth.listAccounts();

  return {
    id: chatgptProviderId,
    displayName: chatgptDisplayName,
    upstreamFormat: 'openai-responses',
    countsTokens: false,
    auth,
    resolveModel: async (model) => resolveChatgptModel(model),
    listAccounts,
    // The catalogue shows only once an account can serve it.
    listModels: async () => (listAccounts().some((account) => !account.disabled) ? chatgptCatalogue(config().models) : []),
    execute: (call, account) => executor.execute(call, account),
    preparePassthroughBody: prepareCodexPassthroughBody,
    mapError: (failure) => mapChatgptError(failure, context.now()),
    /** `GET …/wham/usage` (protocols.md §7): at start and when a user asks; headers keep the windows fresh otherwise. */
    async refreshQuota(accountId) {
      const body = await oauthApi.usage(await auth.requestCredentials(accountId));
      const windows = quotaWindowsFromUsage(body, context.now());
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
