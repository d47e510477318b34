/** Which model names ChatGPT serves, and the catalogue `GET /v1/models` lists (the `chatgptModels` setting). */
import type { ModelResolution, ProviderModel } from '../provider.js';

const explicitPrefix = 'chatgpt/';
/** A bare model id: names with a `/` belong to an OpenAI-compatible entry or another provider's prefix. */
const bareModelName = /^[A-Za-z0-9._:-]+$/;

/** `gpt-5*` and `*codex*` as they are; `chatgpt/<model>` names ChatGPT explicitly and sends `<model>`. */
export function resolveChatgptModel(model: string): ModelResolution | undefined {
  if (model.startsWith(explicitPrefix)) {
    const upstreamModel = model.slice(explicitPrefix.length);
    return upstreamModel ? { upstreamModel } : undefined;
  }
  if (!bareModelName.test(model)) return undefined;
  return model.startsWith('gpt-5') || model.includes('codex') ? { upstreamModel: model } : undefined;
}

/** `gpt-5.1-codex-max` -> `GPT-5.1 Codex Max`. */
export function chatgptModelDisplayName(id: string): string {
  const match = /^gpt-([^-]+)(.*)$/.exec(id);
  const head = match ? `GPT-${match[1]}` : '';
  const rest = (match ? match[2] : id).split('-').filter(Boolean);
  return [head, ...rest.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].filter(Boolean).join(' ');
}

export function chatgptCatalogue(ids: readonly string[]): ProviderModel[] {
  return ids.map((id) => ({ id, ownedBy: 'openai', displayName: chatgptModelDisplayName(id) }));
}
