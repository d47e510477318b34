/**
 * Passthrough bodies for a Responses upstream. A client served earlier by another upstream holds
 * reasoning items whose `encrypted_content` is `sy:<format>:…`, `sy:redacted:…` or `sy:none:` (see
 * openai-responses-reasoning-signature.ts); OpenAI can verify none of them (and a `store:false` upstream
 * cannot resolve the item by id either), so those items are dropped. The body is re-serialized only
 * when an item went; otherwise it is returned byte for byte.
 */
import { isRecord } from '../../canonical/json-values.js';
import { isProofMarker, quotedProofMarker } from '../../canonical/reasoning-proof.js';

function isMarked(item: unknown): boolean {
  return isRecord(item) && item.type === 'reasoning' && typeof item.encrypted_content === 'string' && isProofMarker(item.encrypted_content);
}

export function dropForeignReasoning(bodyText: string): string {
  if (!bodyText.includes(quotedProofMarker)) return bodyText;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return bodyText;
  }
  if (!isRecord(body) || !Array.isArray(body.input)) return bodyText;
  const input = body.input.filter((item) => !isMarked(item));
  if (input.length === body.input.length) return bodyText;
  body.input = input;
  return JSON.stringify(body);
}
