/**
 * Settings on disk (`$SWITCHYARD_HOME/settings.json`, through `conf`) merged with env overrides.
 * A file that fails validation is reported with the field and the path, and never rewritten.
 */
import Conf from 'conf';
import { settingEnvName, settingKeys, settingsSchema, type Settings } from './settings-schema.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import { describeFirstIssue } from '../formats/parse-with-schema.js';

export class SettingsError extends SwitchyardError {
  constructor(message: string, param?: string) {
    super('bad_request', 400, message, param === undefined ? {} : { param });
  }
}

/** Storage behind the settings: `conf` headless, `electron-store` in the app. Both hold plain JSON. */
export interface SettingsBackend {
  readonly path: string;
  read(): Record<string, unknown>;
  write(values: Record<string, unknown>): void;
}

export function createConfBackend(home: string): SettingsBackend {
  let conf: Conf<Record<string, unknown>>;
  try {
    conf = new Conf<Record<string, unknown>>({ cwd: home, configName: 'settings', projectName: 'switchyard' });
  } catch (error) {
    const path = `${home}/settings.json`;
    throw new SettingsError(`The settings file ${path} is not valid JSON (${(error as Error).message}). Fix or remove it; it was left untouched.`);
  }
  return {
    path: conf.path,
    read: () => ({ ...conf.store }),
    write: (values) => {
      conf.store = values;
    },
  };
}

/** Env overrides, parsed per the schema: JSON for lists/objects/numbers/booleans, raw text for strings. */
export function readEnvOverrides(environment: NodeJS.ProcessEnv): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const key of settingKeys) {
    const name = settingEnvName(key);
    const raw = environment[name];
    if (raw === undefined || raw === '') continue;
    const fieldSchema = settingsSchema.shape[key];
    const accepted = fieldSchema.safeParse(raw);
    if (accepted.success) {
      overrides[key] = raw;
      continue;
    }
    try {
      overrides[key] = JSON.parse(raw);
    } catch {
      throw new SettingsError(`The environment variable ${name} is not valid: expected JSON for the setting "${key}".`, key);
    }
  }
  return overrides;
}

export interface SettingsStore {
  readonly path: string;
  /** Effective settings: file values, then env overrides, then defaults. */
  get(): Settings;
  /** Keys whose value comes from the environment (and so cannot be changed by update). */
  envOverridden(): string[];
  /** Validate and persist a partial change; returns the new effective settings. */
  update(patch: Record<string, unknown>): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
}

export function createSettingsStore(backend: SettingsBackend, environment: NodeJS.ProcessEnv = process.env): SettingsStore {
  const envValues = readEnvOverrides(environment);
  const listeners = new Set<(settings: Settings) => void>();

  function validate(values: Record<string, unknown>, source: string): Settings {
    const parsed = settingsSchema.safeParse(values);
    if (!parsed.success) {
      const { param: field, detail } = describeFirstIssue(parsed.error);
      throw new SettingsError(`Invalid setting "${field}" in ${source}: ${detail}. The file was left untouched.`, field);
    }
    return parsed.data;
  }

  let fileValues = backend.read();
  validate(fileValues, backend.path);
  let effective = validate({ ...fileValues, ...envValues }, `${backend.path} or the SWITCHYARD_* environment`);

  return {
    path: backend.path,
    get: () => effective,
    envOverridden: () => Object.keys(envValues),
    update(patch) {
      const unknownKey = Object.keys(patch).find((key) => !(settingKeys as string[]).includes(key));
      if (unknownKey) throw new SettingsError(`Unknown setting "${unknownKey}".`, unknownKey);
      const nextFile = { ...fileValues, ...patch };
      validate(nextFile, 'the update');
      const nextEffective = validate({ ...nextFile, ...envValues }, 'the update');
      backend.write(nextFile);
      fileValues = nextFile;
      effective = nextEffective;
      for (const listener of listeners) listener(effective);
      return effective;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
