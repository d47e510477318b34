/** Which model names Claude serves, and the catalogue `GET /v1/models` lists (the `claudeModels` setting). */
import type { ModelResolution, ProviderModel } from '../provider.js';

const claudeModelPattern = /^claude-[A-Za-z0-9._-]+$/;
const explicitPrefix = 'claude/';

/** `claude-*` as is; `claude/<model>` names Claude explicitly and sends `<model>`. */
export function resolveClaudeModel(model: string): ModelResolution | undefined {
  if (model.startsWith(explicitPrefix)) {
    const upstreamModel = model.slice(explicitPrefix.length);
    return upstreamModel ? { upstreamModel } : undefined;
  }
  return claudeModelPattern.test(model) ? { upstreamModel: model } : undefined;
}

/** `claude-opus-4-6` -> `Claude Opus 4.6`; dated ids keep their date out of the name. */
export function claudeModelDisplayName(id: string): string {
  const words = id.split('-').filter((word) => !/^\d{8}$/.test(word));
  const named: string[] = [];
  let version: string[] = [];
  const flush = () => {
    if (version.length > 0) named.push(version.join('.'));
    version = [];
  };
  for (const word of words) {
    if (/^\d+$/.test(word)) {
      version.push(word);
      continue;
    }
    flush();
    named.push(word.charAt(0).toUpperCase() + word.slice(1));
  }
  flush();
  return named.join(' ');
}

export function claudeCatalogue(ids: readonly string[]): ProviderModel[] {
  return ids.map((id) => ({ id, ownedBy: 'anthropic', displayName: claudeModelDisplayName(id) }));
}
