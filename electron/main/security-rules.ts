/**
 * Navigation and window rules for every webContents the app ever creates (Electron security checklist):
 * the dashboard may only navigate within `switchyard://dashboard/`; an OAuth window may follow the
 * provider's https pages and the loopback redirect; anything else may not navigate at all. No page may
 * open a window or attach a webview; links on the allow-list open in the system browser. Permission
 * requests (camera, notifications, ...) are refused, except clipboard writes by the dashboard.
 */
import { app, session, shell, type WebContents } from 'electron';
import { isDashboardUrl } from './dashboard-url.js';
import type { WindowRegistry, WindowRole } from './window-registry.js';

/**
 * Sites the dashboard links to (docs and provider consoles); https only, exact origins. Login pages are
 * deliberately absent: logins run in the OAuth window (or the browser, by setting), never via window.open.
 */
export const externalLinkAllowList: readonly string[] = [
  'https://github.com',
  'https://docs.anthropic.com',
  'https://console.anthropic.com',
  'https://platform.openai.com',
  'https://aistudio.google.com',
  'https://ai.google.dev',
  'https://cto.new',
];

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** What an OAuth page may be: any https page, or http only on loopback (the redirect listener). */
export function isHttpsOrLoopbackHttp(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function isAllowedExternalLink(url: string, allowList: readonly string[] = externalLinkAllowList): boolean {
  const parsed = parse(url);
  return parsed !== undefined && parsed.protocol === 'https:' && parsed.username === '' && allowList.includes(parsed.origin);
}

/** The navigation policy, as a pure function of the window's role and the target. */
export function isNavigationAllowed(role: WindowRole | undefined, url: string): boolean {
  if (role === 'dashboard') return isDashboardUrl(url);
  if (role === 'oauth') {
    const parsed = parse(url);
    if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
    return isHttpsOrLoopbackHttp(parsed);
  }
  return false;
}

interface NavigationEvent {
  url?: string;
  preventDefault(): void;
}

/** Attach the rules to one webContents (exported for tests; the app uses installSecurityRules). */
export function applySecurityRules(contents: WebContents, registry: WindowRegistry, allowList: readonly string[] = externalLinkAllowList): void {
  const guard = (event: NavigationEvent, url: string) => {
    if (!isNavigationAllowed(registry.roleOf(contents), event.url ?? url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', (event) => {
    if (!isNavigationAllowed(registry.roleOf(contents), event.url)) event.preventDefault();
  });
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalLink(url, allowList)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** The one permission a page gets: the dashboard may write the clipboard (its Copy buttons). */
export function isPermissionAllowed(registry: WindowRegistry, contents: WebContents | null, permission: string): boolean {
  return permission === 'clipboard-sanitized-write' && contents !== null && registry.roleOf(contents) === 'dashboard';
}

export function installSecurityRules(registry: WindowRegistry, allowList: readonly string[] = externalLinkAllowList): void {
  app.on('web-contents-created', (_event, contents) => applySecurityRules(contents, registry, allowList));
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(isPermissionAllowed(registry, contents, permission)));
  session.defaultSession.setPermissionCheckHandler((contents, permission) => isPermissionAllowed(registry, contents, permission));
}
