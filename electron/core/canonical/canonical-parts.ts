/**
 * The canonical stream: a typed union every upstream stream decodes into and every client stream is
 * encoded from. Ids tie start/delta/end parts together; for tool input the id is the tool call id.
 */
import type { ErrorShape } from '../../../shared/errors.js';
import type { CanonicalUsage } from './canonical-usage.js';
import type { FinishReason } from './finish-reason.js';
import type { ProviderMetadata } from './canonical-request.js';
import type { FormatId } from './format-id.js';

export type CanonicalPart =
  | { type: 'response-start'; id: string; model: string; created: number; providerMetadata?: ProviderMetadata }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string; providerMetadata?: ProviderMetadata }
  | { type: 'reasoning-start'; id: string; redactedData?: string }
  | { type: 'reasoning-delta'; id: string; delta: string }
  | {
      type: 'reasoning-end';
      id: string;
      signature?: string;
      signatureFormat?: FormatId;
      providerMetadata?: ProviderMetadata;
    }
  | { type: 'tool-input-start'; id: string; toolName: string; kind?: 'function' | 'custom' }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string; providerMetadata?: ProviderMetadata }
  /** Usage may arrive before finish (Claude message_start) and is cumulative. */
  | { type: 'usage'; usage: Partial<CanonicalUsage> }
  | {
      type: 'finish';
      finishReason: FinishReason;
      /** The upstream's own reason string, verbatim (e.g. `stop_sequence`). */
      rawFinishReason?: string;
      stopSequence?: string;
      usage?: CanonicalUsage;
    }
  /** A failure after the stream began; the client gets it in-band in its own format. */
  | { type: 'error'; error: ErrorShape };
