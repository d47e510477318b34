/**
 * What the tray shows and does, over the core: a status source fed by the core's event bus (account
 * status, health and login events), Pause/Resume of the listener, and the menu's actions, each one a
 * core operation or one of the small adapters (clipboard, OAuth window, tool setup dialogs).
 */
import { clipboard } from 'electron';
import type { SwitchyardEvent } from '../../shared/contract.js';
import type { AccountSummary, HealthState } from '../../shared/domain.js';
import type { Settings } from '../core/config/settings-schema.js';
import { listToolSetups } from '../core/tool-setup/tool-setup.js';
import type { LaunchAtLogin } from './launch-at-login.js';
import type { TraySnapshot, TrayStatusSource } from './tray.js';
import type { TrayActions } from './tray-menu.js';

/** The parts of the Switchyard service the tray uses. */
export interface TrayCore {
  readonly providers: ReadonlyArray<{ id: string; displayName: string; auth?: unknown; listAccounts(): AccountSummary[] }>;
  readonly settings: { get(): Pick<Settings, 'port'> };
  readonly keys: { clientKey: string };
  readonly vault: { cipher: { warning: string | undefined } };
  readonly port: number;
  readonly isListening: boolean;
  pauseListening(): Promise<void>;
  resumeListening(): Promise<void>;
  readonly operations: { bus: { subscribe(listener: (event: SwitchyardEvent) => void): () => void } };
}

const trayEventTypes = new Set<SwitchyardEvent['type']>(['account-status', 'health', 'login']);

/** Pause/Resume: remembers that the user paused, and tells the tray. */
export class ProxyControl {
  private pausedByUser = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly core: Pick<TrayCore, 'pauseListening' | 'resumeListening'>) {}

  get paused(): boolean {
    return this.pausedByUser;
  }

  async setPaused(paused: boolean): Promise<void> {
    try {
      if (paused) await this.core.pauseListening();
      else await this.core.resumeListening();
      this.pausedByUser = paused;
    } finally {
      for (const listener of this.listeners) listener();
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function endpointOf(core: Pick<TrayCore, 'port' | 'settings'>): string {
  return `127.0.0.1:${core.port || core.settings.get().port}`;
}

export interface TrayStatusSourceOptions {
  core: TrayCore;
  control: ProxyControl;
  launchAtLogin: LaunchAtLogin;
  /** The user's home directory, for the tools' backups. */
  home: string;
}

export function createTrayStatusSource({ core, control, launchAtLogin, home }: TrayStatusSourceOptions): TrayStatusSource {
  let health: HealthState | undefined;
  let healthReasons: string[] = [];
  return {
    snapshot(): TraySnapshot {
      const warning = core.vault.cipher.warning;
      return {
        status: {
          endpoint: endpointOf(core),
          listening: core.isListening,
          paused: control.paused,
          accounts: core.providers.flatMap((provider) => provider.listAccounts()),
          health,
          warnings: [...new Set([...(warning ? [warning] : []), ...(health === 'ok' ? [] : healthReasons)])],
        },
        menu: {
          startAtLogin: launchAtLogin.isEnabled(),
          providers: core.providers.filter((provider) => provider.auth).map((provider) => ({ id: provider.id, name: provider.displayName })),
          tools: listToolSetups(home).map((tool) => ({ id: tool.tool, name: tool.displayName, hasBackup: tool.backups > 0 })),
        },
      };
    },
    subscribe(onChange) {
      const stopBus = core.operations.bus.subscribe((event) => {
        if (!trayEventTypes.has(event.type)) return;
        if (event.type === 'health') {
          health = event.data.status;
          healthReasons = event.data.reasons;
        }
        onChange();
      });
      const stopControl = control.onChange(onChange);
      return () => {
        stopBus();
        stopControl();
      };
    },
  };
}

export interface TrayActionOptions {
  core: TrayCore;
  control: ProxyControl;
  launchAtLogin: LaunchAtLogin;
  openDashboard(): void;
  connect(providerId: string): Promise<unknown>;
  setupTool(toolId: string): Promise<unknown>;
  restoreTool(toolId: string): Promise<unknown>;
  /** Rebuild the menu (after a change the event bus does not report). */
  refresh(): void;
  quit(): void;
}

export function createTrayActions(options: TrayActionOptions): TrayActions {
  const { core, control, launchAtLogin, refresh } = options;
  return {
    copyEndpoint: () => clipboard.writeText(`http://${endpointOf(core)}`),
    copyClientKey: () => clipboard.writeText(core.keys.clientKey),
    connect: async (providerId) => {
      await options.connect(providerId);
    },
    openDashboard: () => options.openDashboard(),
    setupTool: async (toolId) => {
      await options.setupTool(toolId);
      refresh();
    },
    restoreTool: async (toolId) => {
      await options.restoreTool(toolId);
      refresh();
    },
    setPaused: (paused) => control.setPaused(paused),
    setStartAtLogin: (enabled) => {
      launchAtLogin.setEnabled(enabled);
      refresh();
    },
    quit: () => options.quit(),
  };
}
