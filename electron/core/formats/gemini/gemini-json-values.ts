/** Small guards and helpers over parsed JSON, shared by the Gemini mappers (no zod on the hot path). */
import type { JsonObject, JsonValue, ProviderMetadata } from '../../canonical/canonical-request.js';

export const geminiFormatId = 'gemini';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The JSON object a text holds, or undefined when the text is not a JSON object. */
export function parseJsonObject(text: string): JsonObject | undefined {
  const first = text.trimStart().charCodeAt(0);
  if (first !== 123 /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Everything in `record` except `keys`; undefined when nothing is left. Bodies are parsed JSON. */
export function leftoverFields(record: Record<string, unknown>, keys: ReadonlySet<string>): JsonObject | undefined {
  let leftover: JsonObject | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined || keys.has(key)) continue;
    leftover ??= {};
    leftover[key] = value as JsonValue;
  }
  return leftover;
}

/** `{ gemini: fields }`, or undefined when there are none. */
export function geminiMetadata(fields: JsonObject | undefined): ProviderMetadata | undefined {
  return fields && Object.keys(fields).length > 0 ? { [geminiFormatId]: fields } : undefined;
}

/** The Gemini fields a canonical value carries, if it came from a Gemini client or upstream. */
export function geminiFields(metadata: ProviderMetadata | undefined): JsonObject | undefined {
  return metadata?.[geminiFormatId];
}

/** A string field of the Gemini metadata, if present. */
export function geminiString(metadata: ProviderMetadata | undefined, key: string): string | undefined {
  const value = metadata?.[geminiFormatId]?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A call's `args` object from canonical argument text. Gemini takes an object only: a freeform
 * (custom) tool's raw text rides as `{input}`, and text that is not a JSON object gives `{}`.
 */
export function functionCallArgs(argumentsText: string, kind: 'function' | 'custom' | undefined): JsonObject {
  return parseJsonObject(argumentsText) ?? (kind === 'custom' ? { input: argumentsText } : {});
}
