/** Small JSON helpers shared by the Anthropic mappers. */
import type { JsonObject, ProviderMetadata } from '../../canonical/canonical-request.js';
import { parseJsonObject } from '../../canonical/json-values.js';

export const formatId = 'anthropic-messages' as const;

/** `{ 'anthropic-messages': fields }`, or undefined for no fields. */
export function metadataOf(fields: JsonObject | undefined): ProviderMetadata | undefined {
  return fields ? { [formatId]: fields } : undefined;
}

/** This format's own slot of a providerMetadata bag. */
export function ownMetadata(metadata: ProviderMetadata | undefined): JsonObject | undefined {
  return metadata?.[formatId];
}

/** Tool arguments as the object Anthropic's `input` needs: invalid, empty or non-object JSON gives `{}`. */
export function parseToolInput(argumentsText: string): JsonObject {
  return parseJsonObject(argumentsText) ?? {};
}

/** Responses freeform (custom) tools take raw text; Anthropic tools take objects, so wrap it. */
export function customToolInput(rawText: string): JsonObject {
  return { input: rawText };
}
