import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfBackend, createSettingsStore, readEnvOverrides } from './settings-store.js';
import { settingEnvName, settingKeys } from './settings-schema.js';
import { resolveSwitchyardHome } from './switchyard-home.js';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-settings-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('settings', () => {
  it('has defaults and writes nothing on first read', () => {
    const home = tempHome();
    const store = createSettingsStore(createConfBackend(home), {});
    expect(store.get().port).toBe(8317);
    expect(store.get().host).toBe('127.0.0.1');
    expect(store.get().bodyLimitMb).toBe(20);
    expect(store.path).toBe(join(home, 'settings.json'));
  });

  it('lets SWITCHYARD_* env vars win, with JSON for lists', () => {
    const home = tempHome();
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ port: 9000 }));
    const store = createSettingsStore(createConfBackend(home), {
      SWITCHYARD_PORT: '9100',
      SWITCHYARD_OPENAI_COMPATIBLE: '[{"name":"local","baseUrl":"http://127.0.0.1:11434/v1"}]',
    });
    expect(store.get().port).toBe(9100);
    expect(store.get().openaiCompatible).toEqual([{ name: 'local', baseUrl: 'http://127.0.0.1:11434/v1' }]);
    expect(store.envOverridden().sort()).toEqual(['openaiCompatible', 'port']);
  });

  it('names the field and the file of an invalid settings file, and leaves it untouched', () => {
    const home = tempHome();
    const path = join(home, 'settings.json');
    const original = JSON.stringify({ port: 'eighty', openaiCompatible: [] });
    writeFileSync(path, original);
    expect(() => createSettingsStore(createConfBackend(home), {})).toThrow(/"port".*settings\.json/);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('names the entry field of a bad openaiCompatible entry', () => {
    const home = tempHome();
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ openaiCompatible: [{ name: 'x', baseUrl: 'not a url' }] }));
    expect(() => createSettingsStore(createConfBackend(home), {})).toThrow(/openaiCompatible\[0\]\.baseUrl/);
  });

  it('reports a file that is not JSON and leaves it untouched', () => {
    const home = tempHome();
    const path = join(home, 'settings.json');
    writeFileSync(path, '{ nope');
    expect(() => createSettingsStore(createConfBackend(home), {})).toThrow(/settings\.json.*not valid JSON/);
    expect(readFileSync(path, 'utf8')).toBe('{ nope');
  });

  it('validates updates, refuses unknown keys, and persists', () => {
    const home = tempHome();
    const store = createSettingsStore(createConfBackend(home), {});
    expect(() => store.update({ port: -1 })).toThrow(/port/);
    expect(() => store.update({ colour: 'red' })).toThrow(/colour/);
    store.update({ logLevel: 'debug' });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({ logLevel: 'debug' });
    expect(createSettingsStore(createConfBackend(home), {}).get().logLevel).toBe('debug');
  });

  it('rejects an env var that is not valid JSON for its setting', () => {
    expect(() => readEnvOverrides({ SWITCHYARD_OPENAI_COMPATIBLE: '[oops' })).toThrow(/SWITCHYARD_OPENAI_COMPATIBLE/);
  });

  it('maps names to upper snake env vars', () => {
    expect(settingEnvName('openaiCompatible')).toBe('SWITCHYARD_OPENAI_COMPATIBLE');
    expect(settingEnvName('port')).toBe('SWITCHYARD_PORT');
    expect(settingEnvName('bodyLimitMb')).toBe('SWITCHYARD_BODY_LIMIT_MB');
  });

  it('resolves the data directory', () => {
    expect(resolveSwitchyardHome({ SWITCHYARD_HOME: '/x' })).toBe('/x');
    expect(resolveSwitchyardHome({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/switchyard');
  });

  it('documents every setting and its env var in the README', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const key of settingKeys) {
      expect(readme, `README lacks the setting ${key}`).toMatch(new RegExp(`\\|\\s*\`${key}\`\\s*\\|\\s*\`${settingEnvName(key)}\``));
    }
  });
});
