/**
 * OpenAI-compatible entries authenticate with an optional static API key from settings. Each entry
 * is one account; "connecting" one means adding it to the `openaiCompatible` setting.
 */
import type { OpenAiCompatibleEntry } from '../../config/settings-schema.js';
import type { ProviderAccount } from '../provider.js';

export const openAiCompatibleProviderId = 'openai-compatible';

export function entryAccountId(entry: OpenAiCompatibleEntry): string {
  return `${openAiCompatibleProviderId}:${entry.name}`;
}

export function entryToAccount(entry: OpenAiCompatibleEntry): ProviderAccount {
  const disabled = entry.disabled === true;
  return { id: entryAccountId(entry), providerId: openAiCompatibleProviderId, label: entry.name, status: disabled ? 'disabled' : 'ok', disabled };
}

/** Headers the entry requires: its key as a bearer token, plus any configured headers. */
export function entryHeaders(entry: OpenAiCompatibleEntry): Record<string, string> {
  const headers: Record<string, string> = { ...entry.headers };
  if (entry.apiKey) headers.authorization = `Bearer ${entry.apiKey}`;
  return headers;
}
