/** OpenAI-compatible upstreams (the `openaiCompatible` setting): add, change, remove, and test a URL first. */
import type { z } from 'zod';
import type { ContractHandlers, openAiCompatibleEntryViewSchema } from '../../../shared/contract.js';
import type { OpenAiCompatibleEntry } from '../config/settings-schema.js';
import { entryAccountId } from '../providers/openai-compatible/openai-compatible-auth.js';
import { OpenAiCompatibleEntries } from '../providers/openai-compatible/openai-compatible-entries.js';
import { probeOpenAiCompatible } from '../providers/openai-compatible/openai-compatible-models.js';
import type { OperationContext } from './operation-context.js';
import { maskSecrets, restoreMaskedSecrets } from './secret-mask.js';

type EntryView = z.infer<typeof openAiCompatibleEntryViewSchema>;
type OpenAiCompatibleHandlers = Pick<
  ContractHandlers,
  'addOpenAiCompatible' | 'updateOpenAiCompatible' | 'removeOpenAiCompatible' | 'testOpenAiCompatible'
>;

export function entryView(entry: OpenAiCompatibleEntry): EntryView {
  return { ...(maskSecrets(entry) as OpenAiCompatibleEntry), accountId: entryAccountId(entry) };
}

/** An entry's secret-bearing fields, or a patch's (where `null` clears one). */
interface EntrySecretFields {
  apiKey?: string | null;
  headers?: Record<string, string> | null;
}

/**
 * What the log redactor must know of an entry: its key and every header value, since upstreams often
 * take their credential in a header. Every place that learns an entry (start-up included) registers these.
 */
export function entrySecrets(entry: EntrySecretFields): string[] {
  return [...(entry.apiKey ? [entry.apiKey] : []), ...Object.values(entry.headers ?? {})];
}

export function openAiCompatibleOperations(context: OperationContext): OpenAiCompatibleHandlers {
  const entries = new OpenAiCompatibleEntries(context.settings);

  const remember = (entry: EntrySecretFields) => {
    for (const secret of entrySecrets(entry)) context.redactor.addSecret(secret);
  };

  return {
    async addOpenAiCompatible({ entry }) {
      remember(entry);
      const added = entries.add(entry);
      context.logger.info({ entry: added.name, baseUrl: added.baseUrl }, 'OpenAI-compatible upstream added');
      context.watcher.schedule();
      return entryView(added);
    },

    async updateOpenAiCompatible({ name, patch }) {
      const current = entries.find(name);
      // A masked key or header sent back by a form keeps the stored value.
      const restored = restoreMaskedSecrets(patch, current ?? {}, 'patch') as typeof patch;
      remember(restored);
      const updated = entries.update(name, restored);
      context.logger.info({ entry: name }, 'OpenAI-compatible upstream changed');
      context.watcher.schedule();
      return entryView(updated);
    },

    async removeOpenAiCompatible({ name }) {
      const removed = entries.remove(name);
      if (removed) context.logger.info({ entry: name }, 'OpenAI-compatible upstream removed');
      context.watcher.schedule();
      return { removed };
    },

    async testOpenAiCompatible({ baseUrl, apiKey, headers }) {
      remember({ apiKey, headers });
      const result = await probeOpenAiCompatible(context.http, { baseUrl, apiKey, headers }, context.settings.get().healthCheckTimeoutMs);
      return { ...result, detail: context.redactor.redactString(result.detail) };
    },
  };
}
