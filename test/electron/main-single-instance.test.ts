import { expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeTray, fake } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

it('a second launch quits at once and leaves the first instance to show itself', async () => {
  fake.app.singleInstanceLock = false;
  await import('../../electron/main/index.js');
  await vi.waitFor(() => expect(fake.app.quitCalls).toBe(1));
  expect(fake.log).toEqual(['requestSingleInstanceLock', 'quit']);
  expect(FakeTray.instances).toEqual([]);
  expect(FakeBrowserWindow.instances).toEqual([]);
  expect(fake.ipcMain.channels()).toEqual([]);
});
