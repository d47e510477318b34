/**
 * Where the dashboard lives inside the app: `switchyard://dashboard/`, a privileged custom scheme
 * serving the built renderer. Windows, navigation rules and the IPC sender check all ask this module,
 * so "our dashboard" is defined once.
 */
export const dashboardScheme = 'switchyard';
export const dashboardHost = 'dashboard';
export const dashboardOrigin = `${dashboardScheme}://${dashboardHost}`;
export const dashboardEntryUrl = `${dashboardOrigin}/index.html`;

/** The dashboard's CSP, written once by the server that also serves it headless. */
export { dashboardContentSecurityPolicy } from '../core/server/dashboard-routes.js';

/** True only for our scheme and host (WHATWG URL gives custom schemes an opaque origin, so compare parts). */
export function isDashboardUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${dashboardScheme}:` && parsed.host === dashboardHost && parsed.username === '' && parsed.password === '' && parsed.port === '';
}
