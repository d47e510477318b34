/**
 * Serves the built renderer on `switchyard://dashboard/` with the dashboard's CSP. The scheme is
 * registered as standard + secure before the app is ready; files come only from the renderer build
 * directory (no traversal out of it), and nothing is ever fetched from the network.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { dashboardContentSecurityPolicy, dashboardScheme, isDashboardUrl } from './dashboard-url.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const notBuiltPage = `<!doctype html><html><head><meta charset="utf-8"><title>Switchyard</title></head>
<body><h1>Switchyard</h1><p>The dashboard has not been built. Run <code>npm run build:app</code>.</p></body></html>`;

/** Must run before `app.whenReady()` resolves (Electron's rule for privileged schemes). */
export function registerDashboardScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: dashboardScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function handleDashboardProtocol(rendererDirectory: string): void {
  protocol.handle(dashboardScheme, (request) => serveDashboardFile(rendererDirectory, request.url));
}

function reply(status: number, body: string | Buffer, contentType: string): Response {
  return new Response(body.length === 0 ? null : new Uint8Array(body instanceof Buffer ? body : Buffer.from(body)), {
    status,
    headers: {
      'content-type': contentType,
      'content-security-policy': dashboardContentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** One request on the dashboard scheme: a file of the build, or index.html for app routes. */
export async function serveDashboardFile(rendererDirectory: string, url: string): Promise<Response> {
  if (!isDashboardUrl(url)) return reply(404, 'not found', contentTypes['.txt']);
  const root = resolve(rendererDirectory);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return reply(400, 'bad path', contentTypes['.txt']);
  }
  const target = resolve(join(root, pathname === '/' ? 'index.html' : pathname));
  if (target !== root && !target.startsWith(root + sep)) return reply(404, 'not found', contentTypes['.txt']);
  const indexPath = join(root, 'index.html');
  // Client-side routes (no extension) get the app shell; a missing asset stays a 404.
  const path = (await isFile(target)) ? target : extname(target) === '' ? indexPath : undefined;
  if (!path) return reply(404, 'not found', contentTypes['.txt']);
  if (!(await isFile(path))) return reply(200, notBuiltPage, contentTypes['.html']);
  return reply(200, await readFile(path), contentTypes[extname(path)] ?? 'application/octet-stream');
}
