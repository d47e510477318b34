/**
 * The `sy:` reasoning-proof markers, shared by every format folder. A reasoning signature minted by
 * one upstream is handed to a client of another format as `sy:<format-id>:<signature>`, so that when
 * the client replays it, parseRequest restores the block with its true signatureFormat. Formats add
 * their own variants (`sy:none:`, `sy:redacted:`) around this. Upstream-minted proofs (base64, Fernet)
 * never start with `sy:`, so one prefix test tells our markers apart.
 */
import { formatIds, type FormatId } from './format-id.js';

export const proofMarkerPrefix = 'sy:';
/** How a marker opens inside JSON text: passthrough only parses a body that holds it. */
export const quotedProofMarker = `"${proofMarkerPrefix}`;
/** Reasoning no upstream signed (a Chat upstream's reasoning_content). */
export const unsignedProofMarker = 'sy:none:';
/** Claude `redacted_thinking` data, in formats with no slot of their own for it. */
export const redactedProofPrefix = 'sy:redacted:';

/** True for any value we minted (a foreign signature, `sy:none:`, `sy:redacted:`...), never an upstream's own. */
export function isProofMarker(value: string): boolean {
  return value.startsWith(proofMarkerPrefix);
}

/** The signature as is when `ownFormat` (or no format) minted it; otherwise `sy:<format>:<signature>`. */
export function markForeignSignature(signature: string, signatureFormat: FormatId | undefined, ownFormat: FormatId): string {
  if (signatureFormat === undefined || signatureFormat === ownFormat) return signature;
  return `${proofMarkerPrefix}${signatureFormat}:${signature}`;
}

/** The signature and its format for `sy:<known format>:<signature>`; undefined for anything else. */
export function unmarkForeignSignature(value: string): { signature: string; signatureFormat: FormatId } | undefined {
  if (!isProofMarker(value)) return undefined;
  const separator = value.indexOf(':', proofMarkerPrefix.length);
  if (separator === -1) return undefined;
  const candidate = value.slice(proofMarkerPrefix.length, separator);
  const signatureFormat = formatIds.find((id) => id === candidate);
  return signatureFormat ? { signature: value.slice(separator + 1), signatureFormat } : undefined;
}
