/**
 * Thought signatures on the Gemini wire.
 *
 * Gemini clients only know `thoughtSignature` on a part. A reasoning signature minted by another
 * upstream (a Claude thinking signature, a Responses `encrypted_content`) is handed to the client as
 * `sy:<format-id>:<signature>`, and Claude `redacted_thinking` data as `sy:redacted:<data>`, so that
 * when the client replays its history parseRequest restores the block with its true signatureFormat
 * (the same scheme as the other format folders). Gemini's own signatures are base64 and never contain
 * `:`, so they pass unprefixed.
 */
import type { FormatId } from '../../canonical/format-id.js';
import { markForeignSignature, redactedProofPrefix, unmarkForeignSignature } from '../../canonical/reasoning-proof.js';
import { geminiFormatId } from './gemini-json-values.js';

/**
 * The value Gemini documents for a function call replayed without its real signature (history from
 * another format, or trimmed by a client): Gemini 3 otherwise rejects the turn with a 400
 * (protocols.md §4, CLIProxyAPI does the same).
 */
export const skipThoughtSignature = 'skip_thought_signature_validator';

export function encodeSignature(signature: string, signatureFormat: FormatId | undefined): string {
  return markForeignSignature(signature, signatureFormat, geminiFormatId);
}

export function encodeRedacted(data: string): string {
  return redactedProofPrefix + data;
}

export type DecodedSignature =
  | { kind: 'signature'; signature: string; signatureFormat: FormatId }
  | { kind: 'redacted'; data: string };

export function decodeSignature(value: string): DecodedSignature {
  if (value.startsWith(redactedProofPrefix)) return { kind: 'redacted', data: value.slice(redactedProofPrefix.length) };
  const foreign = unmarkForeignSignature(value);
  if (foreign) return { kind: 'signature', ...foreign };
  return { kind: 'signature', signature: value, signatureFormat: geminiFormatId };
}
