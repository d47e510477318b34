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
import { formatIds, type FormatId } from '../../canonical/format-id.js';

const prefix = 'sy:';
const redactedPrefix = 'sy:redacted:';
export const unsignedMarker = 'sy:none:';

export interface DecodedReasoningProof {
  signature?: string;
  signatureFormat?: FormatId;
  redactedData?: string;
}

export function encodeEncryptedContent(proof: DecodedReasoningProof): string {
  if (proof.redactedData !== undefined) return redactedPrefix + proof.redactedData;
  if (!proof.signature) return unsignedMarker;
  if (proof.signatureFormat === undefined || proof.signatureFormat === 'openai-responses') return proof.signature;
  return `${prefix}${proof.signatureFormat}:${proof.signature}`;
}

function isFormatId(value: string): value is FormatId {
  return (formatIds as readonly string[]).includes(value);
}

export function decodeEncryptedContent(encrypted: string): DecodedReasoningProof {
  if (encrypted === unsignedMarker) return {};
  if (encrypted.startsWith(prefix)) {
    if (encrypted.startsWith(redactedPrefix)) return { redactedData: encrypted.slice(redactedPrefix.length) };
    const separator = encrypted.indexOf(':', prefix.length);
    if (separator > 0) {
      const format = encrypted.slice(prefix.length, separator);
      if (isFormatId(format)) return { signature: encrypted.slice(separator + 1), signatureFormat: format };
    }
  }
  return { signature: encrypted, signatureFormat: 'openai-responses' };
}
