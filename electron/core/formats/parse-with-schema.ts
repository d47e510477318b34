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

/** The first issue's path (`entry.baseUrl`, '' at the top) and message; each caller words its own error. */
export function describeFirstIssue(error: z.ZodError): { param: string; detail: string } {
  const issue = error.issues[0];
  return { param: issue ? formatIssuePath(issue.path) : '', detail: issue?.message ?? 'invalid value' };
}

function invalidError(what: string, param: string, detail: string): BadRequestError {
  return new BadRequestError(param ? `Invalid ${what}: ${param}: ${detail}` : `Invalid ${what}: ${detail}`, param || undefined);
}

/** A 400 that names the field: `entry.baseUrl`, or for an unknown key the key itself (`entry.extra`). */
export function zodInputError(error: z.ZodError, what: string): BadRequestError {
  const issue = error.issues[0];
  const keys = issue && 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
  const { param: path, detail } = describeFirstIssue(error);
  const param = keys.length > 0 ? [path, keys[0]].filter(Boolean).join('.') : path;
  return invalidError(what, param, detail);
}

export function parseWithSchema<Schema extends z.ZodType>(schema: Schema, value: unknown, what = 'request body'): z.output<Schema> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError(`The ${what} must be a JSON object.`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { param, detail } = describeFirstIssue(result.error);
  throw invalidError(what, param, detail);
}
