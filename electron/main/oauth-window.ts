/**
 * Connecting an account in the app. The provider's own loopback listener completes the login (it
 * receives the redirect); this module only shows the authorize page and closes it. The page runs in a
 * BrowserWindow on a fresh in-memory partition (`oauth-<random>`, no `persist:`), so no cookie outlives
 * the login; the window closes on success, failure or cancel, and closing it cancels the login. With
 * the setting `oauthInSystemBrowser` the page opens in the system browser instead (RFC 8252), and the
 * same listener completes it.
 */
import { randomBytes } from 'node:crypto';
import { BrowserWindow, shell } from 'electron';
import type { AccountSummary, LoginStart } from '../../shared/domain.js';
import type { ProviderAuth } from '../core/providers/provider-auth.js';
import { isHttpsOrLoopbackHttp } from './security-rules.js';
import type { WindowRegistry } from './window-registry.js';
import { secureWebPreferences } from './windows.js';

export type OAuthOutcome = { outcome: 'connected'; account: AccountSummary } | { outcome: 'cancelled' } | { outcome: 'failed'; message: string };

export interface OAuthLoginOptions {
  auth: Pick<ProviderAuth, 'startLogin' | 'waitForLogin' | 'cancelLogin'>;
  providerName: string;
  registry: WindowRegistry;
  inSystemBrowser: boolean;
  /** A login already started (e.g. by the dashboard's startLogin); otherwise one is started here. */
  start?: LoginStart;
}

function isOpenableAuthorizeUrl(url: string): boolean {
  try {
    return isHttpsOrLoopbackHttp(new URL(url));
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function oauthPartition(): string {
  return `oauth-${randomBytes(16).toString('hex')}`;
}

export async function runOAuthLogin(options: OAuthLoginOptions): Promise<OAuthOutcome> {
  const { auth } = options;
  let start: LoginStart;
  try {
    start = options.start ?? (await auth.startLogin());
  } catch (error) {
    return { outcome: 'failed', message: messageOf(error) };
  }
  if (!isOpenableAuthorizeUrl(start.url)) {
    auth.cancelLogin(start.state, 'The authorize URL is not https.');
    return { outcome: 'failed', message: `Refusing to open the authorize URL of ${options.providerName}: it is not https.` };
  }
  if (!start.listening) {
    auth.cancelLogin(start.state, 'The loopback listener could not open.');
    return {
      outcome: 'failed',
      message: `The login listener could not open (${start.listenerError ?? 'unknown reason'}). Connect from the dashboard and paste the redirect URL instead.`,
    };
  }
  if (options.inSystemBrowser) {
    try {
      await shell.openExternal(start.url);
      return { outcome: 'connected', account: await auth.waitForLogin(start.state) };
    } catch (error) {
      return { outcome: 'failed', message: messageOf(error) };
    }
  }
  return loginInWindow(options, start);
}

function loginInWindow(options: OAuthLoginOptions, start: LoginStart): Promise<OAuthOutcome> {
  const { auth, registry } = options;
  const window = new BrowserWindow({
    width: 520,
    height: 720,
    title: `Connect ${options.providerName}`,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences({ partition: oauthPartition() }),
  });
  registry.add(window.webContents, 'oauth');
  const loginSession = window.webContents.session;
  loginSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  return new Promise<OAuthOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: OAuthOutcome) => {
      if (settled) return;
      settled = true;
      void loginSession.clearStorageData().catch(() => undefined);
      if (!window.isDestroyed()) window.close();
      resolve(outcome);
    };
    window.on('closed', () => {
      if (settled) return;
      auth.cancelLogin(start.state, 'The login window was closed.');
      finish({ outcome: 'cancelled' });
    });
    auth.waitForLogin(start.state).then(
      (account) => finish({ outcome: 'connected', account }),
      (error: unknown) => finish({ outcome: 'failed', message: messageOf(error) }),
    );
    void window.loadURL(start.url).catch(() => undefined);
  });
}
