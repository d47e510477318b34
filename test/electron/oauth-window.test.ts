import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fake } from './fake-electron.js';
import type { AccountSummary, LoginStart } from '../../shared/domain.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { runOAuthLogin } = await import('../../electron/main/oauth-window.js');
const { WindowRegistry } = await import('../../electron/main/window-registry.js');
const { installSecurityRules } = await import('../../electron/main/security-rules.js');
const { AccountConnector } = await import('../../electron/main/connect-account.js');

const account: AccountSummary = { id: 'claude:a@example.com', providerId: 'claude', label: 'a@example.com', status: 'ok', disabled: false };

/** A ProviderAuth whose pending login the test settles by hand, like the loopback listener would. */
function fakeAuth(overrides: Partial<LoginStart> = {}) {
  let settle!: { resolve(account: AccountSummary): void; reject(error: Error): void };
  const start: LoginStart = {
    providerId: 'claude',
    url: 'https://claude.ai/oauth/authorize?state=s1',
    state: 's1',
    redirectUri: 'http://localhost:54545/callback',
    listening: true,
    expiresAt: Date.now() + 600_000,
    termsNotice: "Anthropic's terms apply to the connected account.",
    ...overrides,
  };
  const waiting = new Promise<AccountSummary>((resolve, reject) => (settle = { resolve, reject }));
  waiting.catch(() => undefined);
  const auth = {
    startLogin: vi.fn(async () => start),
    waitForLogin: vi.fn(() => waiting),
    cancelLogin: vi.fn((_state: string, reason?: string) => settle.reject(new Error(reason ?? 'cancelled'))),
  };
  return { auth, settle: () => settle, start };
}

let registry: InstanceType<typeof WindowRegistry>;
beforeEach(() => {
  fake.reset();
  registry = new WindowRegistry();
  installSecurityRules(registry);
});

async function windowOpened(): Promise<FakeBrowserWindow> {
  for (let turn = 0; turn < 50 && FakeBrowserWindow.instances.length === 0; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  const window = FakeBrowserWindow.instances[0];
  if (!window) throw new Error('no OAuth window opened');
  return window;
}

describe('the OAuth window', () => {
  it('runs on its own in-memory partition with secure webPreferences and loads the authorize URL', async () => {
    const { auth, settle } = fakeAuth();
    const outcome = runOAuthLogin({ auth, providerName: 'Claude', registry, inSystemBrowser: false });
    const window = await windowOpened();
    const preferences = window.options.webPreferences ?? {};
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(preferences.partition).toMatch(/^oauth-[0-9a-f]{32}$/);
    expect(preferences.preload).toBeUndefined();
    expect(window.webContents.session.partition).toBe(preferences.partition);
    expect(window.webContents.loadedUrls).toEqual(['https://claude.ai/oauth/authorize?state=s1']);
    expect(registry.roleOf(window.webContents)).toBe('oauth');
    // The provider's pages and the loopback redirect may load; nothing else.
    expect(window.webContents.navigate('https://accounts.google.com/signin')).toBe(true);
    expect(window.webContents.navigate('http://localhost:54545/callback?code=c&state=s1')).toBe(true);
    expect(window.webContents.navigate('file:///etc/passwd')).toBe(false);
    expect(window.webContents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    settle().resolve(account);
    await outcome;
  });

  it('closes on success and clears its storage', async () => {
    const { auth, settle } = fakeAuth();
    const outcome = runOAuthLogin({ auth, providerName: 'Claude', registry, inSystemBrowser: false });
    const window = await windowOpened();
    settle().resolve(account);
    expect(await outcome).toEqual({ outcome: 'connected', account });
    expect(window.isDestroyed()).toBe(true);
    expect(window.webContents.session.cleared).toBe(1);
    expect(auth.cancelLogin).not.toHaveBeenCalled();
  });

  it('closes on failure (the provider refused, or the login timed out)', async () => {
    const { auth, settle } = fakeAuth();
    const outcome = runOAuthLogin({ auth, providerName: 'Claude', registry, inSystemBrowser: false });
    const window = await windowOpened();
    settle().reject(new Error('access_denied: the user said no'));
    expect(await outcome).toEqual({ outcome: 'failed', message: 'access_denied: the user said no' });
    expect(window.isDestroyed()).toBe(true);
  });

  it('closes when the login is cancelled elsewhere (the dashboard or the CLI)', async () => {
    const { auth } = fakeAuth();
    const outcome = runOAuthLogin({ auth, providerName: 'Claude', registry, inSystemBrowser: false });
    const window = await windowOpened();
    auth.cancelLogin('s1', 'The login was cancelled.');
    expect(await outcome).toMatchObject({ outcome: 'failed' });
    expect(window.isDestroyed()).toBe(true);
  });

  it('cancels the login when the user closes the window', async () => {
    const { auth } = fakeAuth();
    const outcome = runOAuthLogin({ auth, providerName: 'Claude', registry, inSystemBrowser: false });
    const window = await windowOpened();
    window.close();
    expect(await outcome).toEqual({ outcome: 'cancelled' });
    expect(auth.cancelLogin).toHaveBeenCalledWith('s1', 'The login window was closed.');
    expect(window.webContents.session.cleared).toBe(1);
  });

  it('opens the system browser instead when the setting asks, and the same listener completes it', async () => {
    const { auth, settle } = fakeAuth();
    const outcome = runOAuthLogin({ auth, providerName: 'Claude', registry, inSystemBrowser: true });
    for (let turn = 0; turn < 50 && fake.shell.opened.length === 0; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(fake.shell.opened).toEqual(['https://claude.ai/oauth/authorize?state=s1']);
    settle().resolve(account);
    expect(await outcome).toEqual({ outcome: 'connected', account });
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('refuses an authorize URL that is not https, and a login whose listener could not open', async () => {
    const insecure = fakeAuth({ url: 'http://claude.ai/oauth/authorize' });
    expect(await runOAuthLogin({ auth: insecure.auth, providerName: 'Claude', registry, inSystemBrowser: false })).toMatchObject({ outcome: 'failed' });
    expect(insecure.auth.cancelLogin).toHaveBeenCalled();
    const deaf = fakeAuth({ listening: false, listenerError: 'EADDRINUSE' });
    expect(await runOAuthLogin({ auth: deaf.auth, providerName: 'Claude', registry, inSystemBrowser: false })).toMatchObject({
      outcome: 'failed',
      message: expect.stringContaining('EADDRINUSE'),
    });
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});

describe('connecting an account from the tray or the dashboard', () => {
  function connector() {
    const { auth, settle, start } = fakeAuth();
    const handlers = {
      startLogin: vi.fn(async () => start),
      cancelLogin: vi.fn(async ({ state }: { providerId: string; state: string }) => {
        auth.cancelLogin(state, 'The login was cancelled.');
        return { providerId: 'claude', state, phase: 'cancelled' as const };
      }),
    };
    const providers = [{ id: 'claude', displayName: 'Claude', auth: auth as never }];
    return { settle, handlers, connect: new AccountConnector({ providers, handlers, registry, inSystemBrowser: () => false }) };
  }

  it('starts the login through the core, and says when the account is connected', async () => {
    const { settle, handlers, connect } = connector();
    const outcome = connect.connect('claude');
    const window = await windowOpened();
    expect(handlers.startLogin).toHaveBeenCalledWith({ providerId: 'claude' });
    settle().resolve(account);
    expect(await outcome).toMatchObject({ outcome: 'connected' });
    expect(window.isDestroyed()).toBe(true);
    expect(fake.notifications).toEqual([{ title: 'Claude connected', body: 'a@example.com is ready to use.' }]);
  });

  it('cancels through the core when the window is closed', async () => {
    const { handlers, connect } = connector();
    const outcome = connect.connect('claude');
    (await windowOpened()).close();
    expect(await outcome).toEqual({ outcome: 'cancelled' });
    expect(handlers.cancelLogin).toHaveBeenCalledWith({ providerId: 'claude', state: 's1' });
    expect(fake.notifications).toEqual([]);
  });

  it('refuses a provider without a login', async () => {
    const { connect } = connector();
    await expect(connect.connect('openai-compatible')).rejects.toThrow(/No provider/);
  });
});
