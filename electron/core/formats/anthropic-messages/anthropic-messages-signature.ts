/**
 * Thinking signatures shown to Anthropic clients. A signature minted by another upstream (a
 * Responses `encrypted_content`, a Gemini `thoughtSignature`) is handed to the client as
 * `sy:<format-id>:<signature>` so that, when the client replays the thinking block on its next turn,
 * parseRequest restores it with its true signatureFormat. Reasoning that came with no proof at all (a
 * Chat upstream's reasoning_content) gets `sy:none:`, so that every thinking block a client holds is
 * either Claude's own or marked `sy:`: passthrough then drops the marked ones with one substring test
 * (anthropic-messages-passthrough.ts). Anthropic's own signatures (base64, never containing `:`) pass
 * unprefixed, and buildRequest only sends Anthropic-minted signatures upstream.
 */
import type { FormatId } from '../../canonical/format-id.js';
import { markForeignSignature, unmarkForeignSignature, unsignedProofMarker } from '../../canonical/reasoning-proof.js';
import { formatId } from './anthropic-messages-json.js';

/** The signature of a thinking block no upstream signed. */
export const unsignedMarker = unsignedProofMarker;

export function encodeSignature(signature: string | undefined, signatureFormat: FormatId | undefined): string {
  if (!signature) return unsignedMarker;
  return markForeignSignature(signature, signatureFormat, formatId);
}

/** No signature and no format for `sy:none:`; otherwise the signature and the format that minted it. */
export function decodeSignature(signature: string): { signature?: string; signatureFormat?: FormatId } {
  if (signature === unsignedMarker) return {};
  return unmarkForeignSignature(signature) ?? { signature, signatureFormat: formatId };
}
