/**
 * A Responses reasoning item carries one opaque field, `encrypted_content`. When we serve a Responses
 * client from another upstream, that upstream's reasoning proof (a Claude thinking signature, a
 * Gemini thoughtSignature, Claude redacted thinking) rides in the same field with a prefix, so the
 * client replays it on the next turn and parseRequest can give it back to the format that minted it:
 *
 *   `sy:<format-id>:<signature>`  a foreign signature (e.g. `sy:anthropic-messages:EqQB...`)
 *   `sy:redacted:<data>`          Claude `redacted_thinking` data
 *   `sy:none:`                    reasoning no upstream signed (a Chat upstream's reasoning_content)
 *
 * OpenAI's own encrypted_content (Fernet, `gAAAA...`) never starts with `sy:` and passes unchanged. So
 * every reasoning item a client holds is either OpenAI's own or marked, and passthrough drops the
 * marked ones with one substring test (openai-responses-passthrough.ts): a `store:false` upstream
 * could not resolve an unsigned item anyway.
 */
import type { FormatId } from '../../canonical/format-id.js';
import { markForeignSignature, redactedProofPrefix, unmarkForeignSignature, unsignedProofMarker } from '../../canonical/reasoning-proof.js';

export const unsignedMarker = unsignedProofMarker;

export interface DecodedReasoningProof {
  signature?: string;
  signatureFormat?: FormatId;
  redactedData?: string;
}

export function encodeEncryptedContent(proof: DecodedReasoningProof): string {
  if (proof.redactedData !== undefined) return redactedProofPrefix + proof.redactedData;
  if (!proof.signature) return unsignedMarker;
  return markForeignSignature(proof.signature, proof.signatureFormat, 'openai-responses');
}

export function decodeEncryptedContent(encrypted: string): DecodedReasoningProof {
  if (encrypted === unsignedMarker) return {};
  if (encrypted.startsWith(redactedProofPrefix)) return { redactedData: encrypted.slice(redactedProofPrefix.length) };
  return unmarkForeignSignature(encrypted) ?? { signature: encrypted, signatureFormat: 'openai-responses' };
}
