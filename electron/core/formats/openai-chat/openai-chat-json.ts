/** Small helpers for carrying the fields no canonical slot holds, in and out of providerMetadata. */
import type { JsonObject, JsonValue, ProviderMetadata } from '../../canonical/canonical-request.js';

export const chatFormatId = 'openai-chat';

/** Everything in `record` except `keys`; undefined when nothing is left. Bodies are parsed JSON. */
export function leftoverFields(record: Record<string, unknown>, keys: readonly string[]): JsonObject | undefined {
  let leftover: JsonObject | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined || keys.includes(key)) continue;
    leftover ??= {};
    leftover[key] = value as JsonValue;
  }
  return leftover;
}

/** `{ 'openai-chat': fields }`, or undefined when there are none. */
export function chatMetadata(fields: JsonObject | undefined): ProviderMetadata | undefined {
  return fields ? { [chatFormatId]: fields } : undefined;
}

/** The Chat fields a canonical value carries, if it came from a Chat client. */
export function chatFields(metadata: ProviderMetadata | undefined): JsonObject | undefined {
  return metadata?.[chatFormatId];
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
