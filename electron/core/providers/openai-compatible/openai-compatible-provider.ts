/**
 * Any OpenAI-compatible service (Ollama, LM Studio, WebAI-to-API, gpt4free): each `openaiCompatible`
 * entry is an account, and the model `<name>/<model>` is served by entry `<name>` as `<model>`.
 */
import type { HealthCheck } from '../../../../shared/domain.js';
import type { OpenAiCompatibleEntry } from '../../config/settings-schema.js';
import type { ProviderContext } from '../provider-context.js';
import type { Provider, ProviderModel } from '../provider.js';
import { entryAccountId, entryToAccount, openAiCompatibleProviderId } from './openai-compatible-auth.js';
import { OpenAiCompatibleEntries } from './openai-compatible-entries.js';
import { mapOpenAiCompatibleError } from './openai-compatible-errors.js';
import { executeOpenAiCompatible } from './openai-compatible-executor.js';
import { fetchEntryModelIds } from './openai-compatible-models.js';

interface CachedModels {
  baseUrl: string;
  expiresAt: number;
  models: string[];
}

export function createOpenAiCompatibleProvider(context: ProviderContext): Provider {
  const modelCache = new Map<string, CachedModels>();
  const entries = new OpenAiCompatibleEntries(context.settings);

  async function modelIds(entry: OpenAiCompatibleEntry, signal?: AbortSignal): Promise<string[]> {
    if (entry.models) return entry.models;
    const cached = modelCache.get(entry.name);
    if (cached && cached.baseUrl === entry.baseUrl && cached.expiresAt > context.now()) return cached.models;
    try {
      const models = await fetchEntryModelIds(context.http, entry, context.settings.get().healthCheckTimeoutMs, signal);
      modelCache.set(entry.name, { baseUrl: entry.baseUrl, models, expiresAt: context.now() + context.settings.get().modelsCacheSeconds * 1000 });
      return models;
    } catch (error) {
      context.logger.warn({ entry: entry.name, error: (error as Error).message }, 'could not list models of an OpenAI-compatible upstream');
      return cached?.models ?? [];
    }
  }

  return {
    id: openAiCompatibleProviderId,
    displayName: 'OpenAI-compatible',
    upstreamFormat: 'openai-chat',
    countsTokens: false,

    async resolveModel(model) {
      const slash = model.indexOf('/');
      if (slash <= 0) return undefined;
      const entry = entries.find(model.slice(0, slash));
      const upstreamModel = model.slice(slash + 1);
      if (!entry || !upstreamModel) return undefined;
      // A known listing that lacks the model means a typo; an upstream that cannot list is trusted.
      const known = await modelIds(entry);
      if (known.length > 0 && !known.includes(upstreamModel)) return undefined;
      return { upstreamModel, accountIds: [entryAccountId(entry)] };
    },

    listAccounts: () => entries.list().map(entryToAccount),

    accountControl: entries.accountControl(),

    async listModels(signal) {
      const lists = await Promise.all(
        entries
          .list()
          .filter((entry) => !entry.disabled)
          .map(async (entry): Promise<ProviderModel[]> =>
            (await modelIds(entry, signal)).map((id) => ({ id: `${entry.name}/${id}`, ownedBy: entry.name })),
          ),
      );
      return lists.flat();
    },

    execute(call, account) {
      const entry = entries.findByAccountId(account.id);
      if (!entry) throw new Error(`The OpenAI-compatible entry for ${account.label} was removed.`);
      return executeOpenAiCompatible(context.http, entry, call);
    },

    mapError: (failure, account) => mapOpenAiCompatibleError(failure, account.label),

    async healthChecks(timeoutMs) {
      return Promise.all(
        entries.list().map(async (entry): Promise<HealthCheck> => {
          const name = `upstream ${entry.name} (${entry.baseUrl})`;
          if (entry.disabled) return { name, state: 'warn', detail: 'disabled' };
          try {
            const models = await fetchEntryModelIds(context.http, entry, timeoutMs);
            return { name, state: 'ok', detail: `reachable, ${models.length} models listed` };
          } catch (error) {
            return { name, state: 'error', detail: `unreachable: ${(error as Error).message}` };
          }
        }),
      );
    },

    async close() {
      modelCache.clear();
    },
  };
}
