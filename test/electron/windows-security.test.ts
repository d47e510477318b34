import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, fake } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { DashboardWindows } = await import('../../electron/main/windows.js');
const { WindowRegistry } = await import('../../electron/main/window-registry.js');
const { installSecurityRules, isNavigationAllowed, isAllowedExternalLink } = await import('../../electron/main/security-rules.js');
const { registerDashboardScheme, handleDashboardProtocol } = await import('../../electron/main/dashboard-protocol.js');
const { dashboardEntryUrl, isDashboardUrl } = await import('../../electron/main/dashboard-url.js');

beforeEach(() => fake.reset());

function dashboardWindow() {
  const registry = new WindowRegistry();
  installSecurityRules(registry);
  const windows = new DashboardWindows({ registry, preloadPath: '/app/dist/electron/preload/index.cjs' });
  const window = windows.show() as unknown as FakeBrowserWindow;
  return { registry, windows, window };
}

describe('the dashboard window', () => {
  it('is created with the secure webPreferences and our preload, and loads only our dashboard', () => {
    const { window, registry } = dashboardWindow();
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/electron/preload/index.cjs',
    });
    expect(window.webContents.loadedUrls).toEqual([dashboardEntryUrl]);
    expect(registry.roleOf(window.webContents)).toBe('dashboard');
  });

  it('is reused and focused on the next show, and forgotten when closed', () => {
    const { windows, window, registry } = dashboardWindow();
    window.minimized = true;
    expect(windows.show()).toBe(window as unknown);
    expect(window.restored).toBe(1);
    expect(window.focused).toBe(1);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    window.close();
    expect(registry.roleOf(window.webContents)).toBeUndefined();
    expect(windows.current()).toBeUndefined();
    expect(windows.show()).not.toBe(window as unknown);
  });

  it('denies navigation anywhere but the dashboard', () => {
    const { window } = dashboardWindow();
    expect(window.webContents.navigate('switchyard://dashboard/usage')).toBe(true);
    expect(window.webContents.navigate('https://evil.example/')).toBe(false);
    expect(window.webContents.navigate('http://127.0.0.1:8317/')).toBe(false);
    expect(window.webContents.navigate('file:///etc/passwd')).toBe(false);
    expect(window.webContents.navigate('switchyard://other/index.html')).toBe(false);
    expect(window.webContents.redirect('https://evil.example/')).toBe(false);
  });

  it('denies new windows and webviews, and opens allow-listed links in the system browser', () => {
    const { window } = dashboardWindow();
    expect(window.webContents.openWindow('https://github.com/switchyard/switchyard')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('http://github.com/')).toEqual({ action: 'deny' });
    expect(window.webContents.openWindow('switchyard://dashboard/index.html')).toEqual({ action: 'deny' });
    expect(fake.shell.opened).toEqual(['https://github.com/switchyard/switchyard']);
    expect(window.webContents.attachWebview()).toBe(false);
  });

  it('refuses permission requests, except clipboard writes by the dashboard', () => {
    const { window } = dashboardWindow();
    const handler = fake.session.defaultSession.permissionRequestHandler as (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    const check = fake.session.defaultSession.permissionCheckHandler as (contents: unknown, permission: string) => boolean;
    const answers: boolean[] = [];
    handler(window.webContents, 'media', (granted) => answers.push(granted));
    handler(window.webContents, 'clipboard-sanitized-write', (granted) => answers.push(granted));
    handler(new FakeBrowserWindow({}).webContents, 'clipboard-sanitized-write', (granted) => answers.push(granted));
    expect(answers).toEqual([false, true, false]);
    expect(check(window.webContents, 'clipboard-sanitized-write')).toBe(true);
    expect(check(null, 'clipboard-sanitized-write')).toBe(false);
    expect(check(window.webContents, 'notifications')).toBe(false);
  });

  it('lets nothing navigate that it did not create', () => {
    const registry = new WindowRegistry();
    installSecurityRules(registry);
    const stray = new FakeBrowserWindow({});
    expect(stray.webContents.navigate('switchyard://dashboard/index.html')).toBe(false);
    expect(stray.webContents.navigate('https://example.com/')).toBe(false);
  });
});

describe('navigation policy', () => {
  it('lets an OAuth window follow https and the loopback redirect only', () => {
    expect(isNavigationAllowed('oauth', 'https://claude.ai/oauth/authorize?x=1')).toBe(true);
    expect(isNavigationAllowed('oauth', 'http://localhost:54545/callback?code=a')).toBe(true);
    expect(isNavigationAllowed('oauth', 'http://127.0.0.1:1455/auth/callback')).toBe(true);
    expect(isNavigationAllowed('oauth', 'http://evil.example/')).toBe(false);
    expect(isNavigationAllowed('oauth', 'file:///etc/passwd')).toBe(false);
    expect(isNavigationAllowed('oauth', 'javascript:alert(1)')).toBe(false);
    expect(isNavigationAllowed('oauth', 'https://user:pass@evil.example/')).toBe(false);
    expect(isNavigationAllowed(undefined, 'https://claude.ai/')).toBe(false);
  });

  it('knows our dashboard exactly', () => {
    expect(isDashboardUrl('switchyard://dashboard/index.html')).toBe(true);
    expect(isDashboardUrl('switchyard://dashboard.evil/index.html')).toBe(false);
    expect(isDashboardUrl('switchyard://x@dashboard/index.html')).toBe(false);
    expect(isDashboardUrl('https://dashboard/')).toBe(false);
    expect(isAllowedExternalLink('https://github.com.evil.example/')).toBe(false);
  });
});

describe('the dashboard protocol', () => {
  let renderer: string;
  beforeEach(() => {
    renderer = mkdtempSync(join(tmpdir(), 'switchyard-renderer-'));
    mkdirSync(join(renderer, 'assets'));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>dash</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  });
  afterEach(() => rmSync(renderer, { recursive: true, force: true }));

  it('registers a standard, secure scheme and serves the build with the CSP', async () => {
    registerDashboardScheme();
    expect(fake.protocol.privileged).toEqual([{ scheme: 'switchyard', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    handleDashboardProtocol(renderer);
    const page = await fake.protocol.request('switchyard://dashboard/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(await page.text()).toContain('dash');
    const script = await fake.protocol.request('switchyard://dashboard/assets/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    // App routes get the shell; missing assets and anything outside the build do not.
    expect(await (await fake.protocol.request('switchyard://dashboard/usage')).text()).toContain('dash');
    expect((await fake.protocol.request('switchyard://dashboard/assets/missing.js')).status).toBe(404);
    expect((await fake.protocol.request('switchyard://dashboard/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect(await (await fake.protocol.request('switchyard://dashboard/%2e%2e/%2e%2e/etc/passwd')).text()).not.toContain('root:');
    expect((await fake.protocol.request('switchyard://other/index.html')).status).toBe(404);
  });
});

