/**
 * The tray menu as a pure function of what it shows and the actions it calls, so a test can click
 * every item without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayMenuView {
  statusLine: string;
  paused: boolean;
  startAtLogin: boolean;
  /** Providers that connect accounts by logging in. */
  providers: ReadonlyArray<{ id: string; name: string }>;
  /** Tools that one-click setup can configure, and whether a backup exists to restore. */
  tools: ReadonlyArray<{ id: string; name: string; hasBackup: boolean }>;
}

export interface TrayActions {
  copyEndpoint(): void | Promise<void>;
  copyClientKey(): void | Promise<void>;
  connect(providerId: string): void | Promise<void>;
  openDashboard(): void | Promise<void>;
  setupTool(toolId: string): void | Promise<void>;
  restoreTool(toolId: string): void | Promise<void>;
  setPaused(paused: boolean): void | Promise<void>;
  setStartAtLogin(enabled: boolean): void | Promise<void>;
  quit(): void | Promise<void>;
}

export function buildTrayMenu(view: TrayMenuView, actions: TrayActions, onError: (error: unknown) => void): MenuItemConstructorOptions[] {
  const run = (action: () => void | Promise<void>) => () => {
    try {
      void Promise.resolve(action()).catch(onError);
    } catch (error) {
      onError(error);
    }
  };
  const connectItems: MenuItemConstructorOptions[] =
    view.providers.length > 0
      ? view.providers.map((provider) => ({ label: provider.name, click: run(() => actions.connect(provider.id)) }))
      : [{ label: 'No provider to log in to', enabled: false }];
  const toolItems: MenuItemConstructorOptions[] = view.tools.map((tool) => ({
    label: tool.name,
    submenu: [
      { label: 'Set up…', click: run(() => actions.setupTool(tool.id)) },
      { label: 'Restore previous config', enabled: tool.hasBackup, click: run(() => actions.restoreTool(tool.id)) },
    ],
  }));
  return [
    { label: view.statusLine, enabled: false },
    { type: 'separator' },
    { label: 'Copy endpoint', click: run(() => actions.copyEndpoint()) },
    { label: 'Copy client key', click: run(() => actions.copyClientKey()) },
    { label: 'Connect', submenu: connectItems },
    { label: 'Set up tools', submenu: toolItems },
    { label: 'Open dashboard', click: run(() => actions.openDashboard()) },
    { type: 'separator' },
    view.paused
      ? { label: 'Resume proxy', click: run(() => actions.setPaused(false)) }
      : { label: 'Pause proxy', click: run(() => actions.setPaused(true)) },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: view.startAtLogin,
      click: run(() => actions.setStartAtLogin(!view.startAtLogin)),
    },
    { type: 'separator' },
    { label: 'Quit', click: run(() => actions.quit()) },
  ];
}
