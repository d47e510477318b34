/** Small JSON helpers shared by the Anthropic mappers. */
import type { JsonObject, JsonValue, ProviderMetadata } from '../../canonical/canonical-request.js';

export const formatId = 'anthropic-messages' as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The keys of `source` not in `mappedKeys`, or undefined when there are none. */
export function unmappedFields(source: Record<string, JsonValue | undefined>, mappedKeys: ReadonlySet<string>): JsonObject | undefined {
  let extras: JsonObject | undefined;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (mappedKeys.has(key) || value === undefined) continue;
    (extras ??= {})[key] = value;
  }
  return extras;
}

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
  if (!argumentsText) return {};
  try {
    const value: unknown = JSON.parse(argumentsText);
    return isRecord(value) ? (value as JsonObject) : {};
  } catch {
    return {};
  }
}

/** Responses freeform (custom) tools take raw text; Anthropic tools take objects, so wrap it. */
export function customToolInput(rawText: string): JsonObject {
  return { input: rawText };
}
