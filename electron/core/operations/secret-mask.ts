/**
 * Secrets in replies: masked (`••••` and the last four characters of a long secret), and a masked value
 * sent back in an update keeps the stored secret, so a form can round-trip settings without seeing keys.
 */
import { secretMask } from '../../../shared/contract.js';
import { BadRequestError } from '../errors/switchyard-error.js';

/** Object keys whose string values are secrets wherever they appear in settings. */
const secretKeys = /^(api[-_]?key|client[-_]?secret|secret|password|token|access[-_]?token|refresh[-_]?token)$/i;
/** Header names whose values are credentials. */
const secretHeaders = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-goog-api-key|x-management-key)$|token|secret/i;

export function maskSecret(value: string): string {
  return value.length >= 16 ? `${secretMask}${value.slice(-4)}` : secretMask;
}

export function isMasked(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(secretMask);
}

function isSecretField(key: string, parentKey: string | undefined): boolean {
  return secretKeys.test(key) || (parentKey === 'headers' && secretHeaders.test(key));
}

/** A deep copy with every secret field masked. */
export function maskSecrets(value: unknown, key?: string, parentKey?: string): unknown {
  if (typeof value === 'string') return key !== undefined && isSecretField(key, parentKey) ? maskSecret(value) : value;
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, undefined, key));
  if (value !== null && typeof value === 'object') {
    const output: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) output[childKey] = maskSecrets(child, childKey, key);
    return output;
  }
  return value;
}

function matchingItem(current: unknown[], item: unknown, index: number): unknown {
  const name = (item as { name?: unknown } | null)?.name;
  if (typeof name === 'string') return current.find((candidate) => (candidate as { name?: unknown } | null)?.name === name);
  return current[index];
}

/**
 * Replace masked values in an update with the stored secrets they stand for. Arrays of named objects
 * (like `openaiCompatible`) are matched by `name`, other arrays by position.
 */
export function restoreMaskedSecrets(patch: unknown, current: unknown, path: string): unknown {
  if (isMasked(patch)) {
    if (typeof current !== 'string') throw new BadRequestError(`"${path}" holds a masked value but no secret is stored there; send the real value.`, path);
    return current;
  }
  if (Array.isArray(patch)) {
    const currentItems = Array.isArray(current) ? current : [];
    return patch.map((item, index) => restoreMaskedSecrets(item, matchingItem(currentItems, item, index), `${path}[${index}]`));
  }
  if (patch !== null && typeof patch === 'object') {
    const currentObject = current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : {};
    const output: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) output[key] = restoreMaskedSecrets(value, currentObject[key], path ? `${path}.${key}` : key);
    return output;
  }
  return patch;
}

/** Known secret values (keys, tokens the redactor holds) masked wherever they appear, keeping the structure. */
export function redactValues(value: unknown, redactString: (text: string) => string): unknown {
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactValues(item, redactString));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValues(item, redactString)]));
  }
  return value;
}
