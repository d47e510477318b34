/**
 * A small fake of the `electron` module: enough of app, BrowserWindow, webContents, session, protocol,
 * ipcMain/ipcRenderer, contextBridge, Tray, Menu, nativeImage, clipboard, shell, dialog, Notification
 * and safeStorage for the adapters in electron/main and electron/preload. It records what they do
 * (menu items, tray images, webPreferences, loaded URLs, IPC handlers, navigation results, opened links)
 * so tests can assert on it. Tests substitute it with:
 *
 *   vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);
 */
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  FakeBrowserWindow,
  FakeFrame,
  FakeMenu,
  FakeSession,
  FakeTray,
  makeEvent,
  windowHooks,
  type FakeImage,
  type FakeMenuItem,
  type FakeWebContents,
} from './fake-electron-windows.js';

export * from './fake-electron-windows.js';

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** Everything the fake records; reset between tests with `fake.reset()`. */
function createFakeState() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    name: 'Switchyard',
    singleInstanceLock: true,
    quitCalls: 0,
    paths: {} as Record<string, string>,
    loginItem: { openAtLogin: false } as { openAtLogin: boolean; args?: string[] },
    loginItemCalls: [] as Array<Record<string, unknown>>,
    requestSingleInstanceLock(): boolean {
      fake.log.push('requestSingleInstanceLock');
      return app.singleInstanceLock;
    },
    async whenReady(): Promise<void> {
      fake.log.push('whenReady');
    },
    quit(): void {
      app.quitCalls += 1;
      fake.log.push('quit');
    },
    exit(): void {
      fake.log.push('exit');
    },
    getPath(name: string): string {
      const path = app.paths[name];
      if (!path) throw new Error(`fake app.getPath: no path for "${name}"`);
      return path;
    },
    getAppPath(): string {
      return fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
    },
    getVersion(): string {
      return '0.0.0-test';
    },
    setLoginItemSettings(settings: Record<string, unknown>): void {
      app.loginItemCalls.push(settings);
      app.loginItem = { openAtLogin: settings.openAtLogin === true };
    },
    getLoginItemSettings(): { openAtLogin: boolean } {
      return { ...app.loginItem };
    },
  });

  const handlers = new Map<string, IpcHandler>();
  const mainListeners = new Map<string, IpcListener[]>();
  const ipcMain = {
    handle(channel: string, handler: IpcHandler): void {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      if (!fake.log.includes('ipcMain.handle')) fake.log.push('ipcMain.handle');
      handlers.set(channel, handler);
    },
    removeHandler(channel: string): void {
      handlers.delete(channel);
    },
    on(channel: string, listener: IpcListener): void {
      mainListeners.set(channel, [...(mainListeners.get(channel) ?? []), listener]);
    },
    channels(): string[] {
      return [...handlers.keys()];
    },
    /** Calls a registered handler the way Electron would for `ipcRenderer.invoke`. */
    async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return handler(event, ...args);
    },
  };

  const rendererListeners = new Map<string, Set<IpcListener>>();
  const ipcRenderer = {
    invoked: [] as Array<{ channel: string; args: unknown[] }>,
    /** Where `invoke` goes; tests point it at the fake ipcMain with a sender. */
    route: undefined as ((channel: string, args: unknown[]) => Promise<unknown>) | undefined,
    async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      ipcRenderer.invoked.push({ channel, args });
      if (!ipcRenderer.route) throw new Error('fake ipcRenderer: no route');
      return ipcRenderer.route(channel, args);
    },
    on(channel: string, listener: IpcListener): void {
      const set = rendererListeners.get(channel) ?? new Set<IpcListener>();
      set.add(listener);
      rendererListeners.set(channel, set);
    },
    removeListener(channel: string, listener: IpcListener): void {
      rendererListeners.get(channel)?.delete(listener);
    },
    send(): void {
      throw new Error('fake ipcRenderer.send: the preload must not use send');
    },
    listenerCount(channel: string): number {
      return rendererListeners.get(channel)?.size ?? 0;
    },
    /** Delivers a message from the main process. */
    deliver(channel: string, payload: unknown): void {
      for (const listener of rendererListeners.get(channel) ?? []) listener({ senderId: 0 }, payload);
    },
  };

  const exposed: Record<string, unknown> = {};
  const contextBridge = {
    exposeInMainWorld(name: string, api: unknown): void {
      exposed[name] = api;
    },
  };

  const partitions = new Map<string, FakeSession>();
  const session = {
    defaultSession: new FakeSession(''),
    fromPartition(partition: string): FakeSession {
      const existing = partitions.get(partition);
      if (existing) return existing;
      const created = new FakeSession(partition);
      partitions.set(partition, created);
      return created;
    },
  };

  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const protocol = {
    privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
      fake.log.push('registerSchemesAsPrivileged');
      protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
      fake.log.push('protocol.handle');
      protocolHandlers.set(scheme, handler);
    },
    async request(url: string): Promise<Response> {
      const handler = protocolHandlers.get(new URL(url).protocol.replace(/:$/, ''));
      if (!handler) throw new Error(`no protocol handler for ${url}`);
      return handler(new Request(url));
    },
  };

  const shell = {
    opened: [] as string[],
    async openExternal(url: string): Promise<void> {
      shell.opened.push(url);
    },
  };

  const clipboard = {
    written: [] as string[],
    writeText(text: string): void {
      clipboard.written.push(text);
    },
  };

  const dialog = {
    messageBoxes: [] as Array<Record<string, unknown>>,
    errorBoxes: [] as Array<{ title: string; content: string }>,
    /** The button index the next message boxes answer with. */
    response: 0,
    async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
      const options = args.find((arg) => typeof arg === 'object' && arg !== null && 'message' in arg) as Record<string, unknown>;
      dialog.messageBoxes.push(options);
      return { response: dialog.response, checkboxChecked: false };
    },
    showErrorBox(title: string, content: string): void {
      dialog.errorBoxes.push({ title, content });
    },
  };

  const notifications: Array<{ title?: string; body?: string }> = [];
  class Notification {
    constructor(private readonly options: { title?: string; body?: string }) {}
    static isSupported(): boolean {
      return true;
    }
    show(): void {
      notifications.push(this.options);
    }
  }

  const nativeImage = {
    createFromPath(path: string): FakeImage {
      const image: FakeImage = {
        path,
        template: false,
        isEmpty: () => false,
        setTemplateImage(template: boolean) {
          image.template = template;
        },
      };
      return image;
    },
  };

  const Menu = {
    buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
      return new FakeMenu(template);
    },
    setApplicationMenu(): void {},
  };

  /** A reversible stand-in for OS encryption, so a test can tell sealed from plain. */
  const seal = (text: string) => Buffer.from(`sealed:${Buffer.from(text, 'utf8').toString('base64')}`, 'utf8');
  const unseal = (buffer: Buffer) => {
    const text = buffer.toString('utf8');
    if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice('sealed:'.length), 'base64').toString('utf8');
  };
  const safeStorage: Record<string, unknown> & {
    backend: string;
    available: boolean;
    plainTextForced: boolean;
    calls: string[];
  } = {
    backend: 'gnome_libsecret',
    available: true,
    plainTextForced: false,
    calls: [],
    isEncryptionAvailable(): boolean {
      return safeStorage.available || safeStorage.plainTextForced;
    },
    encryptString(text: string): Buffer {
      safeStorage.calls.push('encryptString');
      return seal(text);
    },
    decryptString(buffer: Buffer): string {
      safeStorage.calls.push('decryptString');
      return unseal(buffer);
    },
    getSelectedStorageBackend(): string {
      return safeStorage.backend;
    },
    setUsePlainTextEncryption(value: boolean): void {
      safeStorage.plainTextForced = value;
    },
  };
  /** Adds (or removes) the asynchronous API of later Electron versions. */
  function setAsyncSafeStorage(enabled: boolean): void {
    if (!enabled) {
      delete safeStorage.isAsyncEncryptionAvailable;
      delete safeStorage.encryptStringAsync;
      delete safeStorage.decryptStringAsync;
      return;
    }
    safeStorage.isAsyncEncryptionAvailable = async () => safeStorage.available;
    safeStorage.encryptStringAsync = async (text: string) => {
      safeStorage.calls.push('encryptStringAsync');
      return seal(text);
    };
    safeStorage.decryptStringAsync = async (buffer: Buffer) => {
      safeStorage.calls.push('decryptStringAsync');
      return { result: unseal(buffer), shouldReEncrypt: false };
    };
  }

  return {
    app,
    ipcMain,
    ipcRenderer,
    contextBridge,
    exposed,
    session,
    protocol,
    shell,
    clipboard,
    dialog,
    notifications,
    Notification,
    nativeImage,
    Menu,
    safeStorage,
    setAsyncSafeStorage,
    mainListeners,
    rendererListeners,
    partitions,
    protocolHandlers,
  };
}

const state = createFakeState();

export const fake = {
  /** Order of notable calls (lock, ready, protocol, windows, tray...) for wiring tests. */
  log: [] as string[],
  ...state,
  /** Back to a fresh state, in place (modules under test hold references to these objects). */
  reset(): void {
    fake.log.length = 0;
    FakeBrowserWindow.instances = [];
    FakeTray.instances = [];
    const { app, ipcMain, ipcRenderer, safeStorage, dialog, protocol } = state;
    app.removeAllListeners();
    Object.assign(app, { isPackaged: false, singleInstanceLock: true, quitCalls: 0, paths: {}, loginItem: { openAtLogin: false }, loginItemCalls: [] });
    for (const channel of ipcMain.channels()) ipcMain.removeHandler(channel);
    state.mainListeners.clear();
    state.rendererListeners.clear();
    Object.assign(ipcRenderer, { invoked: [], route: undefined });
    for (const key of Object.keys(state.exposed)) delete state.exposed[key];
    state.partitions.clear();
    Object.assign(state.session.defaultSession, { cleared: 0, permissionRequestHandler: undefined, permissionCheckHandler: undefined });
    protocol.privileged.length = 0;
    state.protocolHandlers.clear();
    state.shell.opened.length = 0;
    state.clipboard.written.length = 0;
    Object.assign(dialog, { messageBoxes: [], errorBoxes: [], response: 0 });
    state.notifications.length = 0;
    state.setAsyncSafeStorage(false);
    Object.assign(safeStorage, { backend: 'gnome_libsecret', available: true, plainTextForced: false, calls: [] });
  },
};

windowHooks.log = (entry) => fake.log.push(entry);
windowHooks.sessionFor = (partition) => (partition ? state.session.fromPartition(partition) : state.session.defaultSession);
windowHooks.contentsCreated = (contents) => state.app.emit('web-contents-created', makeEvent({}), contents);

function moduleShape() {
  return {
    app: state.app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: state.Menu,
    nativeImage: state.nativeImage,
    ipcMain: state.ipcMain,
    ipcRenderer: state.ipcRenderer,
    contextBridge: state.contextBridge,
    session: state.session,
    protocol: state.protocol,
    shell: state.shell,
    clipboard: state.clipboard,
    dialog: state.dialog,
    Notification: state.Notification,
    safeStorage: state.safeStorage,
  };
}

type ModuleShape = ReturnType<typeof moduleShape>;

/** What `vi.mock('electron', ...)` returns: named exports plus a default (electron-store uses the default). */
export const electronModule: ModuleShape & { default: ModuleShape } = { ...moduleShape(), default: moduleShape() };

/** An IPC event as ipcMain sees it, from `contents` with its main frame at `frameUrl`. */
export function ipcEventFrom(contents: FakeWebContents, frameUrl = contents.mainFrame.url, parent: FakeFrame | null = null) {
  const frame = new FakeFrame(frameUrl);
  frame.parent = parent;
  return { sender: contents, senderFrame: frame, processId: 1, frameId: 1 };
}
