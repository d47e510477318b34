/** Small helpers for carrying the fields no canonical slot holds, in and out of providerMetadata. */
import type { JsonObject, ProviderMetadata } from '../../canonical/canonical-request.js';

export const chatFormatId = 'openai-chat';

/** `{ 'openai-chat': fields }`, or undefined when there are none. */
export function chatMetadata(fields: JsonObject | undefined): ProviderMetadata | undefined {
  return fields ? { [chatFormatId]: fields } : undefined;
}

/** The Chat fields a canonical value carries, if it came from a Chat client. */
export function chatFields(metadata: ProviderMetadata | undefined): JsonObject | undefined {
  return metadata?.[chatFormatId];
}
