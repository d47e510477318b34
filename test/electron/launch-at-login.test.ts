import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fake } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { createLaunchAtLogin } = await import('../../electron/main/launch-at-login.js');

let config: string;
beforeEach(() => {
  fake.reset();
  config = mkdtempSync(join(tmpdir(), 'switchyard-autostart-'));
});
afterEach(() => rmSync(config, { recursive: true, force: true }));

describe('start at login', () => {
  it.each(['darwin', 'win32'] as const)('toggles the login item on %s', (platform) => {
    const launch = createLaunchAtLogin({ platform });
    expect(launch.isEnabled()).toBe(false);
    expect(launch.setEnabled(true)).toBe(true);
    expect(fake.app.loginItemCalls).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    expect(launch.isEnabled()).toBe(true);
    expect(launch.setEnabled(false)).toBe(false);
    expect(launch.isEnabled()).toBe(false);
  });

  it('writes and removes the XDG autostart entry on Linux, pointing at the AppImage', () => {
    const launch = createLaunchAtLogin({ platform: 'linux', environment: { XDG_CONFIG_HOME: config, APPIMAGE: '/home/me/Apps/Switchyard 1.0.AppImage' } });
    const entry = join(config, 'autostart', 'switchyard.desktop');
    expect(launch.isEnabled()).toBe(false);
    expect(launch.setEnabled(true)).toBe(true);
    const text = readFileSync(entry, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain('Exec="/home/me/Apps/Switchyard 1.0.AppImage" --hidden');
    expect(launch.setEnabled(false)).toBe(false);
    expect(existsSync(entry)).toBe(false);
    expect(fake.app.loginItemCalls).toEqual([]);
  });
});
