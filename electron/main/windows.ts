/**
 * The dashboard window: one at a time, created on demand (the app lives in the tray), loading only our
 * own `switchyard://dashboard/`, with the secure webPreferences of the Electron checklist. Its
 * webContents is registered as the dashboard, which is what IPC checks.
 */
import { BrowserWindow, type WebPreferences } from 'electron';
import { dashboardEntryUrl } from './dashboard-url.js';
import type { WindowRegistry } from './window-registry.js';

/** Renderer isolation for every window we create; a preload (if any) is the only bridge. */
export function secureWebPreferences(extra: WebPreferences = {}): WebPreferences {
  return {
    ...extra,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}

export interface DashboardWindowOptions {
  registry: WindowRegistry;
  preloadPath: string;
  iconPath?: string;
}

export class DashboardWindows {
  private window: BrowserWindow | undefined;

  constructor(private readonly options: DashboardWindowOptions) {}

  current(): BrowserWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  /** Show the dashboard: focus the open window, or create one. */
  show(): BrowserWindow {
    const existing = this.current();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = new BrowserWindow({
      width: 1180,
      height: 800,
      minWidth: 420,
      minHeight: 480,
      show: false,
      title: 'Switchyard',
      ...(this.options.iconPath ? { icon: this.options.iconPath } : {}),
      webPreferences: secureWebPreferences({ preload: this.options.preloadPath, spellcheck: false }),
    });
    this.options.registry.add(window.webContents, 'dashboard');
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.window === window) this.window = undefined;
    });
    this.window = window;
    void window.loadURL(dashboardEntryUrl).catch(() => undefined);
    return window;
  }

  close(): void {
    this.current()?.close();
  }
}
