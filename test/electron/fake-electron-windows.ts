/**
 * The window side of the fake `electron` module (fake-electron.ts): frames, sessions, webContents,
 * BrowserWindow, Tray and Menu. They record what the adapters do with them; fake-electron.ts connects
 * them to the fake app through `windowHooks`.
 */
import { EventEmitter } from 'node:events';

/** Set by fake-electron.ts: where windows log, which session a partition gets, and the app's event. */
export const windowHooks = {
  log: (_entry: string): void => undefined,
  sessionFor: (partition: string): FakeSession => new FakeSession(partition),
  contentsCreated: (_contents: FakeWebContents): void => undefined,
};

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function makeEvent<Extra extends object>(extra: Extra): FakeEvent & Extra {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeFrame {
  parent: FakeFrame | null = null;
  constructor(public url: string) {}
  get origin(): string {
    try {
      const parsed = new URL(this.url);
      return `${parsed.protocol}//${parsed.host}`;
    } catch {
      return 'null';
    }
  }
}

export class FakeSession {
  cleared = 0;
  permissionRequestHandler: unknown;
  permissionCheckHandler: unknown;
  constructor(readonly partition: string) {}
  async clearStorageData(): Promise<void> {
    this.cleared += 1;
  }
  setPermissionRequestHandler(handler: unknown): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: unknown): void {
    this.permissionCheckHandler = handler;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeFrame;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  readonly loadedUrls: string[] = [];
  windowOpenHandler: WindowOpenHandler | undefined;
  private destroyed = false;

  constructor(readonly session: FakeSession) {
    super();
    this.mainFrame = new FakeFrame('about:blank');
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.mainFrame.url = url;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** What a page-initiated navigation would do: true when the app let it through. */
  navigate(url: string): boolean {
    const event = makeEvent({ url, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-navigate', event, url);
    if (!event.defaultPrevented) this.mainFrame.url = url;
    return !event.defaultPrevented;
  }
  /** What a server redirect would do: true when the app let it through. */
  redirect(url: string): boolean {
    const event = makeEvent({ url, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-redirect', event, url);
    return !event.defaultPrevented;
  }
  /** `window.open(url)` from the page. */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url });
  }
  attachWebview(): boolean {
    const event = makeEvent({});
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

export interface BrowserWindowOptions {
  webPreferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  shown = 0;
  focused = 0;
  restored = 0;
  minimized = false;
  private destroyed = false;

  constructor(readonly options: BrowserWindowOptions = {}) {
    super();
    const partition = typeof options.webPreferences?.partition === 'string' ? options.webPreferences.partition : '';
    this.webContents = new FakeWebContents(windowHooks.sessionFor(partition));
    FakeBrowserWindow.instances.push(this);
    windowHooks.log('BrowserWindow');
    windowHooks.contentsCreated(this.webContents);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.isDestroyed());
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.shown += 1;
  }
  focus(): void {
    this.focused += 1;
  }
  restore(): void {
    this.restored += 1;
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    if (this.destroyed) return;
    const event = makeEvent({});
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
  destroy(): void {
    this.close();
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  readonly images: string[] = [];
  readonly toolTips: string[] = [];
  menu: FakeMenu | undefined;
  destroyed = false;
  constructor(image: FakeImage | string) {
    super();
    this.images.push(typeof image === 'string' ? image : image.path);
    FakeTray.instances.push(this);
    windowHooks.log('Tray');
  }
  setImage(image: FakeImage | string): void {
    this.images.push(typeof image === 'string' ? image : image.path);
  }
  setToolTip(text: string): void {
    this.toolTips.push(text);
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** The subset of MenuItemConstructorOptions the tray uses. */
export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: (menuItem: FakeMenuItem) => void;
  submenu?: FakeMenuItem[];
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  /** Finds an item by its label path, e.g. `find('Connect', 'Claude')`. */
  find(...labels: string[]): FakeMenuItem | undefined {
    let items: FakeMenuItem[] | undefined = this.items;
    let found: FakeMenuItem | undefined;
    for (const label of labels) {
      found = items?.find((item) => item.label === label);
      items = found?.submenu;
    }
    return found;
  }
  labels(): string[] {
    return this.items.map((item) => (item.type === 'separator' ? '---' : (item.label ?? '')));
  }
}

export interface FakeImage {
  path: string;
  template: boolean;
  isEmpty(): boolean;
  setTemplateImage(template: boolean): void;
}
