/**
 * The Electron main process: the composition root and nothing else. One instance (a second launch
 * focuses the first), the dashboard scheme registered before ready, then the modules in order:
 * security rules, settings (electron-store), the vault's cipher (safeStorage), the core, the dashboard
 * protocol and window, IPC and events, login windows, launch at login, the proxy, the tray.
 */
import { homedir } from 'node:os';
import { app, dialog } from 'electron';
import { contractEvents, contractOperations, type ContractHandlers } from '../../shared/contract.js';
import { Switchyard } from '../core/switchyard.js';
import { appIconPath, preloadPath, rendererDirectory, resourcesDirectory } from './app-paths.js';
import { AccountConnector } from './connect-account.js';
import { handleDashboardProtocol, registerDashboardScheme } from './dashboard-protocol.js';
import { createElectronStoreBackend, resolveDesktopHome } from './electron-store-backend.js';
import { createEventPublisher, registerContractHandlers } from './ipc.js';
import { createLaunchAtLogin } from './launch-at-login.js';
import { createSafeStorageCipher } from './safe-storage-cipher.js';
import { installSecurityRules } from './security-rules.js';
import { ToolSetupDialogs } from './tool-setup-dialogs.js';
import { SwitchyardTray } from './tray.js';
import { ProxyControl, createTrayActions, createTrayStatusSource, endpointOf } from './tray-wiring.js';
import { WindowRegistry } from './window-registry.js';
import { DashboardWindows } from './windows.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function launchDesktopApp(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerDashboardScheme();
  const registry = new WindowRegistry();
  // Creates no window yet: the first show() does.
  const dashboard = new DashboardWindows({ registry, preloadPath: preloadPath(), iconPath: appIconPath() });
  app.on('second-instance', () => dashboard.show());
  // The app lives in the tray: closing the last window does not quit.
  app.on('window-all-closed', () => undefined);
  await app.whenReady();

  installSecurityRules(registry);
  const home = resolveDesktopHome();
  const switchyard = await Switchyard.create({
    home,
    settingsBackend: createElectronStoreBackend(home),
    cipher: await createSafeStorageCipher(),
    stdoutLogs: !app.isPackaged,
  });
  const logger = switchyard.logs.logger;
  handleDashboardProtocol(rendererDirectory());

  const core = switchyard.operations.handlers;
  const connector = new AccountConnector({
    providers: switchyard.providers,
    handlers: core,
    registry,
    inSystemBrowser: () => switchyard.settings.get().oauthInSystemBrowser,
  });
  const handlers: ContractHandlers = {
    ...core,
    // In the app, Connect also shows the login (window or browser); the dashboard follows `login` events.
    startLogin: async (input) => {
      const start = await core.startLogin(input);
      if (start.listening) void connector.connect(input.providerId, start).catch((error: unknown) => logger.warn({ error: messageOf(error) }, 'login window failed'));
      return start;
    },
  };
  registerContractHandlers({
    contract: contractOperations,
    handlers,
    registry,
    onProblem: (operation, problem) => logger.warn({ operation, problem }, 'ipc call refused or failed'),
  });
  const publisher = createEventPublisher(contractEvents, () => registry.contentsWithRole('dashboard'));
  switchyard.operations.bus.subscribe((event) => publisher.publish(event));

  const launchAtLogin = createLaunchAtLogin();
  try {
    await switchyard.start();
  } catch (error) {
    // The tray still comes up, showing "Proxy not running" with Resume.
    dialog.showErrorBox('Switchyard', `The gateway could not listen on ${endpointOf(switchyard)}: ${messageOf(error)}`);
  }

  const control = new ProxyControl(switchyard);
  const tools = new ToolSetupDialogs({
    home: homedir(),
    target: () => ({ baseUrl: `http://${endpointOf(switchyard)}`, clientKey: switchyard.keys.clientKey }),
  });
  let stopped = false;
  const tray: SwitchyardTray = new SwitchyardTray({
    iconsDirectory: resourcesDirectory(),
    source: createTrayStatusSource({ core: switchyard, control, launchAtLogin, home: homedir() }),
    actions: createTrayActions({
      core: switchyard,
      control,
      launchAtLogin,
      openDashboard: () => dashboard.show(),
      connect: (providerId) => connector.connect(providerId),
      setupTool: (tool) => tools.setup(tool),
      restoreTool: (tool) => tools.restore(tool),
      refresh: () => tray.refresh(),
      quit: () => app.quit(),
    }),
    onError: (error) => dialog.showErrorBox('Switchyard', messageOf(error)),
  });

  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    tray.destroy();
    void switchyard.stop().finally(() => app.quit());
  });
  if (!process.argv.includes('--hidden')) dashboard.show();
}

void launchDesktopApp().catch((error: unknown) => {
  dialog.showErrorBox('Switchyard could not start', messageOf(error));
  app.exit(1);
});
