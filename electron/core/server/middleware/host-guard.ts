/**
 * DNS-rebinding and browser guards: the Host must name loopback on our port, and an Origin header is
 * refused unless it is our own dashboard. No CORS headers are ever sent.
 */
import type { RequestHandler } from 'express';
import { SwitchyardError } from '../../errors/switchyard-error.js';

export interface HostGuardOptions {
  port: () => number;
  /** When bound beyond loopback on purpose, Host names are the user's choice. */
  loopbackOnly: () => boolean;
}

export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

export function hostGuardMiddleware(options: HostGuardOptions): RequestHandler {
  // The allowed Host and Origin values, rebuilt only when the port changes (not on every request).
  let hostsPort = -1;
  let allowedOrigins = new Set<string>();
  let allowedHosts = new Set<string>();
  return (request, _response, next) => {
    const port = options.port();
    if (port !== hostsPort) {
      hostsPort = port;
      const origins = ownOrigins(port);
      allowedOrigins = new Set(origins);
      allowedHosts = new Set(origins.map((origin) => origin.slice('http://'.length)));
    }
    const host = (request.headers.host ?? '').toLowerCase();
    if (options.loopbackOnly() && !allowedHosts.has(host)) {
      next(new SwitchyardError('forbidden', 403, `Host "${host}" is not allowed; use 127.0.0.1:${port} or localhost:${port}.`));
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      next(new SwitchyardError('forbidden', 403, `Cross-origin requests are refused (Origin "${origin}").`));
      return;
    }
    next();
  };
}
