/**
 * JSON values checked where they are, not copied. zod's `z.json()` rebuilds every object by assignment,
 * and assigning an own `"__proto__"` key (legal JSON, e.g. in a model's tool arguments) sets the copy's
 * prototype instead, so the key vanished on the way through. These check the parsed value and return it
 * untouched.
 */
import { z } from 'zod';
import type { JsonObject, JsonValue } from '../canonical/canonical-request.js';
import { isRecord } from '../canonical/json-values.js';

function isJsonValue(value: unknown): value is JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJsonValue);
      return Object.values(value).every(isJsonValue);
    default:
      return false;
  }
}

export const jsonValueSchema = z.custom<JsonValue>(isJsonValue, { message: 'Expected a JSON value' });

export const jsonObjectSchema = z.custom<JsonObject>((value) => isRecord(value) && isJsonValue(value), { message: 'Expected a JSON object' });
