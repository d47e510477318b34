/**
 * Responses limits tool names to 64 characters of `[a-zA-Z0-9_-]` (the API and the Codex backend
 * answer 400 otherwise). Other names are shortened and sanitized injectively and deterministically (the
 * same list always gives the same map), and the decoder maps them back.
 */
// The Responses request builder takes it from here with the other name helpers.
export { collectToolNames } from '../../canonical/tool-names.js';

export const maxToolNameLength = 64;
const validToolName = /^[a-zA-Z0-9_-]+$/;
const invalidCharacters = /[^a-zA-Z0-9_-]/g;
const mcpPrefix = 'mcp__';

/** A name the upstream takes as it is. */
export function isValidToolName(name: string): boolean {
  return name.length <= maxToolNameLength && validToolName.test(name);
}

function shortCandidate(original: string): string {
  const name = original.replace(invalidCharacters, '_') || 'tool';
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
 * original -> upstream name for every name in the list. Valid names keep themselves; the others are
 * rewritten in list order, and a collision gets `_1`, `_2`, ... within the limit (`~1` as some proxies
 * use is outside the allowed characters).
 */
export function shortenToolNames(names: readonly string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    if (isValidToolName(name)) {
      mapping.set(name, name);
      taken.add(name);
    }
  }
  for (const name of names) {
    if (mapping.has(name)) continue;
    const candidate = shortCandidate(name);
    let short = candidate;
    for (let attempt = 1; taken.has(short); attempt += 1) {
      const suffix = `_${attempt}`;
      short = candidate.slice(0, maxToolNameLength - suffix.length) + suffix;
    }
    mapping.set(name, short);
    taken.add(short);
  }
  return mapping;
}

/** short -> original, for the decoder; undefined when every name was valid as it was. */
export function restoreToolNames(originalNames: readonly string[] | undefined): Map<string, string> | undefined {
  if (!originalNames || originalNames.every(isValidToolName)) return undefined;
  const restore = new Map<string, string>();
  for (const [original, short] of shortenToolNames(originalNames)) restore.set(short, original);
  return restore;
}

