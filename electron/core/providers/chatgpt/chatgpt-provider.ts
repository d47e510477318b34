/**
 * ChatGPT Plus/Pro: accounts connected by OAuth (chatgpt-auth.ts), requests sent to the Codex backend
 * with the account's token (chatgpt-executor.ts). Upstream format `openai-responses`, so Codex CLI and
 * other Responses clients pass through (with the body fixes the backend requires), and OpenAI Chat,
 * Anthropic and Gemini clients are translated by the hub. The backend only streams: a client that did
 * not ask for a stream gets the stream aggregated into one answer by the server's relay.
 * Serves `gpt-5*`, `*codex*` and `chatgpt/<model>`; counts no tokens upstream.
 */
import type { AccountStatus } from '../../../../shared/domain.js';
import { UpstreamHttpError } from '../../errors/switchyard-error.js';
import type { ProviderContext } from '../provider-context.js';
import type { Provider, ProviderAccount } from '../provider.js';
import { ChatgptAccounts } from './chatgpt-accounts.js';
import { ChatgptAuth } from './chatgpt-auth.js';
import { chatgptConfig, chatgptDisplayName, chatgptProviderId } from './chatgpt-config.js';
import { mapChatgptError } from './chatgpt-errors.js';
import { ChatgptExecutor } from './chatgpt-executor.js';
import { chatgptCatalogue, resolveChatgptModel } from './chatgpt-models.js';
import { prepareCodexPassthroughBody } from './chatgpt-passthrough-body.js';
import { quotaWindowsFromUsage } from './chatgpt-quota.js';
import { ChatgptTokenEndpoint } from './chatgpt-token-endpoint.js';

export interface ChatgptProviderOptions {
  /** Waits between refresh tries (tests shorten them). */
  refreshRetryDelaysMs?: readonly number[];
}

/** Usable accounts first; those that need the user last. */
const statusRank: Record<AccountStatus, number> = { ok: 0, refreshing: 0, 'cooling-down': 1, 'needs-relogin': 2, disabled: 3 };
const usageCallTimeoutMs = 30_000;

export function createChatgptProvider(context: ProviderContext, options: ChatgptProviderOptions = {}): Provider {
  const config = () => chatgptConfig(context.settings.get());
  const accounts = new ChatgptAccounts(context.vault, context.now, context.logger);
  const tokens = new ChatgptTokenEndpoint({ http: context.http, config, addSecret: (value) => context.redactor.addSecret(value), now: context.now });
  const auth = new ChatgptAuth({
    context,
    accounts,
    tokens,
    config,
    ...(options.refreshRetryDelaysMs ? { retryDelaysMs: options.refreshRetryDelaysMs } : {}),
  });
  const executor = new ChatgptExecutor({ http: context.http, auth, accounts, config, now: context.now });

  const listAccounts = (): ProviderAccount[] =>
    accounts
      .list()
      .map((account) => accounts.summary(account, auth.isRefreshing(account.id)))
      .sort((left, right) => statusRank[left.status] - statusRank[right.status]);

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
      const credentials = await auth.requestCredentials(accountId);
      const reply = await context.http.request({
        url: config().usageUrl,
        method: 'GET',
        headers: { authorization: `Bearer ${credentials.accessToken}`, 'chatgpt-account-id': credentials.accountId, accept: 'application/json' },
        signal: AbortSignal.timeout(usageCallTimeoutMs),
      });
      const text = await reply.body.text();
      if (reply.status >= 400) throw new UpstreamHttpError(reply.status, `ChatGPT's usage endpoint answered HTTP ${reply.status}.`);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new UpstreamHttpError(502, "ChatGPT's usage endpoint answered something other than JSON.", { retryable: false });
      }
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
