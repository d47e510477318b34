/** Gemini's providerMetadata slot and call arguments, shared by the Gemini mappers (the JSON guards are in canonical/json-values.ts). */
import type { JsonObject, ProviderMetadata } from '../../canonical/canonical-request.js';
import { parseJsonObject } from '../../canonical/json-values.js';

export const geminiFormatId = 'gemini';

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
