/** A whole (non-streamed) answer: what the parts of one stream aggregate to. */
import type { AssistantContent, ProviderMetadata } from './canonical-request.js';
import type { CanonicalUsage } from './canonical-usage.js';
import type { FinishReason } from './finish-reason.js';

export interface CanonicalResponse {
  id: string;
  model: string;
  created: number;
  content: AssistantContent[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  stopSequence?: string;
  usage: CanonicalUsage;
  providerMetadata?: ProviderMetadata;
}
