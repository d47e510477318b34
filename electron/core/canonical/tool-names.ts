/** The tool names a canonical request can use, in one order for every format that needs them. */
import type { CanonicalRequest } from './canonical-request.js';

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
