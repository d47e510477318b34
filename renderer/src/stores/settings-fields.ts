/**
 * The settings the dashboard edits, as text fields: how each is shown, parsed and checked before it is
 * sent (the server checks again with the settings schema and names the field it refuses).
 */
import { logLevels, routingStrategies } from '../../../shared/settings-names.js';

export type FieldKind = 'integer' | 'select' | 'pairs' | 'chains';

export interface SettingField {
  key: string;
  label: string;
  help: string;
  kind: FieldKind;
  section: 'Server' | 'Timeouts' | 'Routing';
  min?: number;
  max?: number;
  options?: readonly string[];
  /** For `pairs`: the values a right-hand side may take. */
  allowed?: readonly string[];
}

export const settingFields: readonly SettingField[] = [
  { key: 'port', label: 'Port', help: 'Where tools and this dashboard reach Switchyard; takes effect after a restart.', kind: 'integer', section: 'Server', min: 1, max: 65_535 },
  { key: 'logLevel', label: 'Log level', help: 'The least important lines written to the log.', kind: 'select', section: 'Server', options: logLevels },
  { key: 'connectTimeoutMs', label: 'Connect timeout (ms)', help: 'How long to wait for an upstream to accept the connection.', kind: 'integer', section: 'Timeouts', min: 1 },
  { key: 'firstByteTimeoutMs', label: 'First-byte timeout (ms)', help: "How long to wait for an upstream's first answer; a started stream never times out.", kind: 'integer', section: 'Timeouts', min: 1 },
  { key: 'healthCheckTimeoutMs', label: 'Health check timeout (ms)', help: 'Per upstream, for the deep health checks.', kind: 'integer', section: 'Timeouts', min: 1 },
  { key: 'retryBudget', label: 'Attempts per request', help: 'Upstream attempts for one request, across accounts and fallbacks.', kind: 'integer', section: 'Routing', min: 1, max: 20 },
  { key: 'modelAliases', label: 'Model aliases', help: 'One per line: alias = model (e.g. fast = local/qwen3).', kind: 'pairs', section: 'Routing' },
  { key: 'fallbacks', label: 'Fallback chains', help: 'One per line: model = next model, another model.', kind: 'chains', section: 'Routing' },
  {
    key: 'routingStrategy',
    label: 'Account strategies',
    help: 'One per line: provider = round-robin, fill-first or priority.',
    kind: 'pairs',
    section: 'Routing',
    allowed: routingStrategies,
  },
];

export type ParsedField = { ok: true; value: unknown } | { ok: false; error: string };

/** A setting's value as the text its field shows. */
export function formatField(field: SettingField, value: unknown): string {
  if (field.kind === 'integer' || field.kind === 'select') return value === undefined || value === null ? '' : String(value);
  const record = (value ?? {}) as Record<string, unknown>;
  return Object.entries(record)
    .map(([key, item]) => `${key} = ${Array.isArray(item) ? item.join(', ') : String(item)}`)
    .join('\n');
}

function parseLines(field: SettingField, text: string): ParsedField {
  const result: Record<string, unknown> = {};
  const lines = text.split('\n').map((line) => line.trim());
  for (const [index, line] of lines.entries()) {
    if (!line) continue;
    const equals = line.indexOf('=');
    const key = equals > 0 ? line.slice(0, equals).trim() : '';
    const rest = equals > 0 ? line.slice(equals + 1).trim() : '';
    if (!key || !rest) return { ok: false, error: `${field.label}, line ${index + 1}: write it as "name = value".` };
    if (key in result) return { ok: false, error: `${field.label}, line ${index + 1}: "${key}" is already set above.` };
    if (field.kind === 'chains') {
      const chain = rest.split(',').map((item) => item.trim());
      if (chain.some((item) => !item)) return { ok: false, error: `${field.label}, line ${index + 1}: a model name is empty.` };
      result[key] = chain;
    } else {
      if (field.allowed && !field.allowed.includes(rest)) {
        return { ok: false, error: `${field.label}, line ${index + 1}: "${rest}" is not one of ${field.allowed.join(', ')}.` };
      }
      result[key] = rest;
    }
  }
  return { ok: true, value: result };
}

/** Text -> the value to send, or a sentence naming the field and what is wrong. */
export function parseField(field: SettingField, text: string): ParsedField {
  const trimmed = text.trim();
  if (field.kind === 'integer') {
    const number = Number(trimmed);
    const min = field.min ?? Number.MIN_SAFE_INTEGER;
    const max = field.max ?? Number.MAX_SAFE_INTEGER;
    if (!/^-?\d+$/.test(trimmed) || number < min || number > max) {
      const range = field.max !== undefined ? `from ${min} to ${max}` : `of at least ${min}`;
      return { ok: false, error: `${field.label}: enter a whole number ${range}.` };
    }
    return { ok: true, value: number };
  }
  if (field.kind === 'select') {
    if (!field.options?.includes(trimmed)) return { ok: false, error: `${field.label}: choose one of ${field.options?.join(', ')}.` };
    return { ok: true, value: trimmed };
  }
  return parseLines(field, text);
}

export function fieldByKey(key: string): SettingField | undefined {
  return settingFields.find((field) => field.key === key);
}
