/**
 * Passthrough bodies for a Gemini upstream, repaired only where Gemini would refuse them:
 * - thought parts whose `thoughtSignature` is `sy:<format>:…` or `sy:redacted:…` (proofs we minted for
 *   this client when another upstream served it, see gemini-signatures.ts) are dropped, with a content
 *   they leave empty;
 * - a model function call without its signature (served by another upstream, or dropped by the client)
 *   gets the documented placeholder, as buildRequest does.
 * The body is re-serialized only when something changed; otherwise it is returned byte for byte.
 */
import { isRecord } from '../../canonical/json-values.js';
import { isProofMarker, quotedProofMarker } from '../../canonical/reasoning-proof.js';
import { skipThoughtSignature } from './gemini-signatures.js';

function signatureOf(part: Record<string, unknown>): unknown {
  return part.thoughtSignature ?? part.thought_signature;
}

function isForeignSigned(part: unknown): boolean {
  if (!isRecord(part)) return false;
  const signature = signatureOf(part);
  return typeof signature === 'string' && isProofMarker(signature);
}

function isUnsignedCall(part: unknown): boolean {
  return isRecord(part) && isRecord(part.functionCall ?? part.function_call) && signatureOf(part) === undefined;
}

export function prepareGeminiPassthroughBody(bodyText: string): string {
  if (!bodyText.includes(quotedProofMarker) && !bodyText.includes('"functionCall"') && !bodyText.includes('"function_call"')) return bodyText;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return bodyText;
  }
  if (!isRecord(body) || !Array.isArray(body.contents)) return bodyText;
  let changed = false;
  const contents: unknown[] = [];
  for (const content of body.contents) {
    if (!isRecord(content) || !Array.isArray(content.parts)) {
      contents.push(content);
      continue;
    }
    const needsSignature = content.role === 'model' && content.parts.some(isUnsignedCall);
    if (!needsSignature && !content.parts.some(isForeignSigned)) {
      contents.push(content);
      continue;
    }
    changed = true;
    const parts = content.parts
      .filter((part) => !isForeignSigned(part))
      .map((part) => (content.role === 'model' && isUnsignedCall(part) ? { ...(part as object), thoughtSignature: skipThoughtSignature } : part));
    if (parts.length > 0) contents.push({ ...content, parts });
  }
  if (!changed) return bodyText;
  body.contents = contents;
  return JSON.stringify(body);
}
