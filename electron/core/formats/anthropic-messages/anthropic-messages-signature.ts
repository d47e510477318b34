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
import { formatIds, type FormatId } from '../../canonical/format-id.js';
import { formatId } from './anthropic-messages-json.js';

const prefix = 'sy:';
/** The signature of a thinking block no upstream signed. */
export const unsignedMarker = 'sy:none:';

export function encodeSignature(signature: string | undefined, signatureFormat: FormatId | undefined): string {
  if (!signature) return unsignedMarker;
  if (signatureFormat === undefined || signatureFormat === formatId) return signature;
  return `${prefix}${signatureFormat}:${signature}`;
}

/** No signature and no format for `sy:none:`; otherwise the signature and the format that minted it. */
export function decodeSignature(signature: string): { signature?: string; signatureFormat?: FormatId } {
  if (signature === unsignedMarker) return {};
  if (signature.startsWith(prefix)) {
    const separator = signature.indexOf(':', prefix.length);
    const candidate = separator > 0 ? signature.slice(prefix.length, separator) : '';
    const format = formatIds.find((id) => id === candidate);
    if (format) return { signature: signature.slice(separator + 1), signatureFormat: format };
  }
  return { signature, signatureFormat: formatId };
}
