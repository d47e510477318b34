/** Which client format a path speaks, so that errors raised before a route still reach the client in its own format. */
import type { FormatId } from '../canonical/format-id.js';

export function clientFormatForPath(path: string): FormatId {
  if (path.startsWith('/v1/messages')) return 'anthropic-messages';
  if (path.startsWith('/v1beta/')) return 'gemini';
  if (path.startsWith('/v1/responses') || path.startsWith('/backend-api/')) return 'openai-responses';
  return 'openai-chat';
}
