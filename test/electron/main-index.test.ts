/**
 * electron/main/index.ts against the fake electron and a real core: the composition root wires the
 * modules in order, and the gateway it starts answers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, FakeTray, fake } from './fake-electron.js';
import { operationNames } from '../../shared/contract.js';
import { operationChannel } from '../../shared/ipc-bridge.js';
import { freePort } from '../helpers/free-port.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const saved = { ...process.env };
let home: string;
let port: number;


function healthStatus(): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/v1/health' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'switchyard-desktop-'));
  port = await freePort();
  Object.assign(process.env, { SWITCHYARD_HOME: join(home, 'data'), SWITCHYARD_PORT: String(port), HOME: join(home, 'user') });
  fake.app.paths.userData = join(home, 'user-data');
  await import('../../electron/main/index.js');
  await until(() => FakeTray.instances.length > 0 && FakeBrowserWindow.instances.length > 0, 'the tray and the dashboard');
});

afterAll(async () => {
  fake.app.emit('before-quit', { preventDefault: () => undefined });
  await until(() => fake.app.quitCalls > 0, 'the app to quit');
  process.env = saved;
  rmSync(home, { recursive: true, force: true });
});

describe('the composition root', () => {
  it('takes the single-instance lock, registers the scheme before ready, then wires the modules in order', () => {
    const order = ['requestSingleInstanceLock', 'registerSchemesAsPrivileged', 'whenReady', 'protocol.handle', 'ipcMain.handle', 'Tray', 'BrowserWindow'];
    expect(fake.log.filter((entry) => order.includes(entry))).toEqual(order);
  });

  it('registers one IPC handler per contract operation', () => {
    expect(fake.ipcMain.channels().sort()).toEqual(operationNames.map(operationChannel).sort());
  });

  it('starts the gateway on the configured port, with the vault sealed by safeStorage', async () => {
    expect(await healthStatus()).toBe(200);
    const vault = JSON.parse(readFileSync(join(home, 'data', 'vault.json'), 'utf8')) as { cipher: string };
    expect(vault.cipher).toBe(process.platform === 'linux' ? 'safe-storage:gnome_libsecret' : 'safe-storage');
    expect(existsSync(join(home, 'user-data'))).toBe(false);
    const tray = FakeTray.instances[0];
    expect(tray.menu?.items[0].label).toBe(`Proxy on 127.0.0.1:${port} · no accounts connected`);
  });

  it('shows the dashboard, and a second launch focuses it instead of opening another', () => {
    const window = FakeBrowserWindow.instances[0];
    expect(window.webContents.loadedUrls).toEqual(['switchyard://dashboard/index.html']);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(String(window.options.webPreferences?.preload)).toMatch(/preload\/index\.cjs$/);
    fake.app.emit('second-instance');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(window.focused).toBe(1);
  });

  it('keeps running in the tray when the last window closes', () => {
    expect(fake.app.listenerCount('window-all-closed')).toBe(1);
    FakeBrowserWindow.instances[0].close();
    fake.app.emit('window-all-closed');
    expect(fake.app.quitCalls).toBe(0);
  });
});
