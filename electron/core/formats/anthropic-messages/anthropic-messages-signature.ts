/**
 * Thinking signatures shown to Anthropic clients. A signature minted by another upstream (a
 * Responses `encrypted_content`, a Gemini `thoughtSignature`) is handed to the client as
 * `sy:<format-id>:<signature>` so that, when the client replays the thinking block on its next turn,
 * parseRequest restores it with its true signatureFormat. Anthropic's own signatures (base64, never
 * containing `:`) pass unprefixed, and buildRequest only sends Anthropic-minted signatures upstream.
 */
import { formatIds, type FormatId } from '../../canonical/format-id.js';
import { formatId } from './anthropic-messages-json.js';

const prefix = 'sy:';

export function encodeSignature(signature: string, signatureFormat: FormatId | undefined): string {
  if (signatureFormat === undefined || signatureFormat === formatId) return signature;
  return `${prefix}${signatureFormat}:${signature}`;
}

export function decodeSignature(signature: string): { signature: string; signatureFormat: FormatId } {
  if (signature.startsWith(prefix)) {
    const separator = signature.indexOf(':', prefix.length);
    const candidate = separator > 0 ? signature.slice(prefix.length, separator) : '';
    const format = formatIds.find((id) => id === candidate);
    if (format) return { signature: signature.slice(separator + 1), signatureFormat: format };
  }
  return { signature, signatureFormat: formatId };
}
