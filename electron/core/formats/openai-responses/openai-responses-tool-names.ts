/**
 * Responses limits tool names to 64 characters. Longer names are shortened injectively and
 * deterministically (the same list always gives the same map), and the decoder maps them back.
 */
import type { CanonicalRequest } from '../../canonical/canonical-request.js';

export const maxToolNameLength = 64;
const mcpPrefix = 'mcp__';

function shortCandidate(name: string): string {
  if (name.startsWith(mcpPrefix)) {
    // `mcp__server__tool` keeps the prefix and the last segment, the part the model reasons about.
    const lastSeparator = name.lastIndexOf('__');
    if (lastSeparator > mcpPrefix.length - 2) {
      const candidate = mcpPrefix + name.slice(lastSeparator + 2);
      return candidate.length <= maxToolNameLength ? candidate : candidate.slice(0, maxToolNameLength);
    }
  }
  return name.slice(0, maxToolNameLength);
}

/**
 * original -> short for every name in the list. Names that fit keep themselves; long names are
 * shortened in list order, and a collision gets `~1`, `~2`, ... within the limit.
 */
export function shortenToolNames(names: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    if (name.length <= maxToolNameLength) {
      mapping.set(name, name);
      taken.add(name);
    }
  }
  for (const name of names) {
    if (mapping.has(name)) continue;
    const candidate = shortCandidate(name);
    let short = candidate;
    for (let attempt = 1; taken.has(short); attempt += 1) {
      const suffix = `~${attempt}`;
      short = candidate.slice(0, maxToolNameLength - suffix.length) + suffix;
    }
    mapping.set(name, short);
    taken.add(short);
  }
  return mapping;
}

/** short -> original, for the decoder; undefined when no name needed shortening. */
export function restoreToolNames(originalNames: readonly string[] | undefined): Map<string, string> | undefined {
  if (!originalNames || !originalNames.some((name) => name.length > maxToolNameLength)) return undefined;
  const restore = new Map<string, string>();
  for (const [original, short] of shortenToolNames(originalNames)) restore.set(short, original);
  return restore;
}

/**
 * The names a request can use: its tools first, then names that only appear in history. Callers
 * should pass this as `TranslationContext.originalToolNames` so the decoder maps the same way.
 */
export function collectToolNames(request: CanonicalRequest): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    names.push(name);
  };
  for (const tool of request.tools) if (tool.type !== 'builtin') add(tool.name);
  for (const message of request.messages) {
    if (message.role !== 'assistant') continue;
    for (const block of message.content) if (block.type === 'tool-call') add(block.name);
  }
  return names;
}
