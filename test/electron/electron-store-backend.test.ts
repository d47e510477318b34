import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fake } from './fake-electron.js';
import { createConfBackend, createSettingsStore } from '../../electron/core/config/settings-store.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { createElectronStoreBackend, resolveDesktopHome } = await import('../../electron/main/electron-store-backend.js');

let home: string;
beforeEach(() => {
  fake.reset();
  home = mkdtempSync(join(tmpdir(), 'switchyard-electron-store-'));
  fake.app.paths.userData = join(home, 'user-data');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('settings through electron-store', () => {
  it('lives where headless conf keeps it: SWITCHYARD_HOME, else userData, file settings.json', () => {
    expect(resolveDesktopHome({ SWITCHYARD_HOME: '/data/switchyard' })).toBe('/data/switchyard');
    expect(resolveDesktopHome({})).toBe(join(home, 'user-data'));
    expect(createElectronStoreBackend(home).path).toBe(createConfBackend(home).path);
    expect(createElectronStoreBackend(home).path).toBe(join(home, 'settings.json'));
  });

  it('is validated by the same zod schema, and headless conf reads what it wrote', () => {
    const store = createSettingsStore(createElectronStoreBackend(home), {});
    expect(store.get().port).toBe(8317);
    expect(() => store.update({ port: 'eighty' })).toThrow(/port/);
    store.update({ logLevel: 'debug', oauthInSystemBrowser: true });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toEqual({ logLevel: 'debug', oauthInSystemBrowser: true });
    expect(createSettingsStore(createConfBackend(home), {}).get()).toMatchObject({ logLevel: 'debug', oauthInSystemBrowser: true });
  });

  it('reports a settings file that is not JSON and leaves it untouched', () => {
    writeFileSync(join(home, 'settings.json'), '{ nope');
    expect(() => createElectronStoreBackend(home)).toThrow(/settings\.json.*not valid JSON/);
    expect(readFileSync(join(home, 'settings.json'), 'utf8')).toBe('{ nope');
  });
});
