/**
 * Small guards and helpers over parsed JSON, written once for the format mappers and the providers
 * (no zod on the hot path). Pure: no I/O, no clock.
 */
import type { JsonObject, JsonValue } from './canonical-request.js';

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return isRecord(value);
}

/** The value as a plain object, or undefined when it is not one. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** A string field that is present and not empty. */
export function nonEmptyStringField(source: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = source?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A string with its surrounding whitespace trimmed; undefined when it is not a string or only whitespace. */
export function trimmedString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
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

/** The JSON a text holds, or the text itself when it is not JSON (upstream error bodies may be plain text). */
export function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
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
