/**
 * The built dashboard (dist-renderer/, `npm run build:renderer`) at `/`, under a strict CSP: scripts,
 * styles and connections only from this origin, no framing. The page holds no secret; everything it
 * shows comes from the management API, behind the management key. Without a build, `GET /` keeps
 * answering the small JSON probe.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler, type Response } from 'express';
import { SwitchyardError } from '../errors/switchyard-error.js';

export const dashboardContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Where the build lands: beside the sources (tsx, tests) or beside the compiled `dist/` tree. */
const candidateDirectories = ['../../../dist-renderer', '../../../../dist-renderer'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

export function findDashboardDirectory(): string | undefined {
  return candidateDirectories.find((directory) => existsSync(join(directory, 'index.html')));
}

function securityHeaders(response: Response): void {
  response.setHeader('content-security-policy', dashboardContentSecurityPolicy);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('cross-origin-opener-policy', 'same-origin');
  response.setHeader('cross-origin-resource-policy', 'same-origin');
}

export interface DashboardRoutesOptions {
  /** The build directory, asked on each page load so a build made after start is served (default: findDashboardDirectory). */
  directory?: () => string | undefined;
}

export function dashboardRoutes(options: DashboardRoutesOptions = {}): Router {
  const locate = options.directory ?? findDashboardDirectory;
  const router = Router();
  const assetServers = new Map<string, RequestHandler>();

  router.get(['/', '/index.html'], (request, response, next) => {
    const directory = locate();
    if (!directory) {
      if (request.path === '/') response.json({ name: 'switchyard', status: 'ok' });
      else next();
      return;
    }
    securityHeaders(response);
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(join(directory, 'index.html'), { dotfiles: 'deny' }, (error) => {
      if (error) next(new SwitchyardError('not_found', 404, 'The dashboard build is incomplete: run `npm run build:renderer`.'));
    });
  });

  // Only `/assets` touches the disk, so the API routes never pay for a file lookup.
  router.use('/assets', (request, response, next) => {
    const directory = locate();
    if (!directory) {
      next();
      return;
    }
    let serve = assetServers.get(directory);
    if (!serve) {
      serve = express.static(join(directory, 'assets'), {
        index: false,
        dotfiles: 'deny',
        // A missing asset falls through to the app's 404.
        fallthrough: true,
        // Built file names carry a content hash.
        immutable: true,
        maxAge: '365d',
        setHeaders: (assetResponse) => securityHeaders(assetResponse),
      });
      assetServers.set(directory, serve);
    }
    serve(request, response, next);
  });
  return router;
}
