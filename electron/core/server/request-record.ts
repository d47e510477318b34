/** What the pipeline reports about each finished request: feeds logs now, the usage ledger later. */
import type { CanonicalUsage } from '../canonical/canonical-usage.js';
import type { FormatId } from '../canonical/format-id.js';

export interface RequestRecord {
  requestId: string;
  time: number;
  route: string;
  clientFormat: FormatId;
  providerId?: string;
  accountId?: string;
  model: string;
  upstreamModel?: string;
  stream: boolean;
  passthrough: boolean;
  status: number;
  errorCode?: string;
  usage?: CanonicalUsage;
  firstByteMs?: number;
  latencyMs: number;
  attempts: number;
  /** Set when a fallback model (not the one asked for) served the request. */
  fallbackUsed?: boolean;
  clientAborted: boolean;
}
