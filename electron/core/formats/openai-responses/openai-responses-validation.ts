/** Small helpers for validating parts of a client body with a path prefix, and for JSON typing. */
import type { z } from 'zod';
import type { JsonObject, JsonValue } from '../../canonical/canonical-request.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { describeFirstIssue } from '../parse-with-schema.js';

/** Validate a nested value; a failure names the full path, e.g. `input[2].content[0].text`. */
export function validateAt<Schema extends z.ZodType>(schema: Schema, value: unknown, path: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { param: inner, detail } = describeFirstIssue(result.error);
  const param = inner ? (inner.startsWith('[') ? path + inner : `${path}.${inner}`) : path;
  throw new BadRequestError(`Invalid request body: ${param}: ${detail}`, param);
}

export function badRequest(param: string, detail: string): BadRequestError {
  return new BadRequestError(`Invalid request body: ${param}: ${detail}`, param);
}

/** Client bodies come from JSON.parse, so their values are JSON; this only narrows the type. */
export function asJsonObject(value: Record<string, unknown>): JsonObject {
  return value as JsonObject;
}

export function asJsonValue(value: unknown): JsonValue {
  return value as JsonValue;
}
