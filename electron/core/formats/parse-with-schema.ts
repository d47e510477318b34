/** zod validation that fails with a BadRequestError naming the exact field, in the client's terms. */
import type { z } from 'zod';
import { BadRequestError } from '../errors/switchyard-error.js';

export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}

export function parseWithSchema<Schema extends z.ZodType>(schema: Schema, value: unknown, what = 'request body'): z.output<Schema> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError(`The ${what} must be a JSON object.`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? formatIssuePath(issue.path) : '';
  const detail = issue?.message ?? 'invalid value';
  throw new BadRequestError(param ? `Invalid ${what}: ${param}: ${detail}` : `Invalid ${what}: ${detail}`, param || undefined);
}
