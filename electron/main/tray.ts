/**
 * The tray icon and its menu. It follows the gateway live: whenever the status source reports a change
 * (account status, health, pause), the icon state, tooltip and menu are rebuilt from a fresh snapshot.
 * Icons: `resources/tray-<state>.png` (+ `@2x`), and `tray-<state>Template.png` on macOS, which
 * Electron treats as template images.
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import { buildTrayMenu, type TrayActions, type TrayMenuView } from './tray-menu.js';
import { computeTrayStatus, type TrayState, type TrayStatus, type TrayStatusInput } from './tray-status.js';

export interface TraySnapshot {
  status: TrayStatusInput;
  menu: Omit<TrayMenuView, 'statusLine' | 'paused'>;
}

export interface TrayStatusSource {
  snapshot(): TraySnapshot;
  /** Calls `onChange` whenever what the tray shows may have changed; returns the unsubscribe function. */
  subscribe(onChange: () => void): () => void;
}

export interface TrayOptions {
  iconsDirectory: string;
  platform?: NodeJS.Platform;
  source: TrayStatusSource;
  actions: TrayActions;
  onError(error: unknown): void;
}

export function trayIconPath(iconsDirectory: string, state: TrayState, platform: NodeJS.Platform = process.platform): string {
  return join(iconsDirectory, platform === 'darwin' ? `tray-${state}Template.png` : `tray-${state}.png`);
}

export class SwitchyardTray {
  private readonly tray: Tray;
  private readonly unsubscribe: () => void;
  private shown: TrayStatus | undefined;

  constructor(private readonly options: TrayOptions) {
    const first = computeTrayStatus(options.source.snapshot().status);
    this.tray = new Tray(nativeImage.createFromPath(this.iconPath(first.state)));
    this.tray.on('click', () => {
      void Promise.resolve(options.actions.openDashboard()).catch(options.onError);
    });
    this.refresh();
    this.unsubscribe = options.source.subscribe(() => this.refresh());
  }

  get status(): TrayStatus | undefined {
    return this.shown;
  }

  refresh(): void {
    const snapshot = this.options.source.snapshot();
    const status = computeTrayStatus(snapshot.status);
    if (this.shown?.state !== status.state) this.tray.setImage(nativeImage.createFromPath(this.iconPath(status.state)));
    if (this.shown?.tooltip !== status.tooltip) this.tray.setToolTip(status.tooltip);
    // Not listening (paused, or the port was taken) offers Resume.
    const view: TrayMenuView = { ...snapshot.menu, statusLine: status.line, paused: snapshot.status.paused || !snapshot.status.listening };
    this.tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(view, this.options.actions, this.options.onError)));
    this.shown = status;
  }

  destroy(): void {
    this.unsubscribe();
    this.tray.destroy();
  }

  private iconPath(state: TrayState): string {
    return trayIconPath(this.options.iconsDirectory, state, this.options.platform);
  }
}
