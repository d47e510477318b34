/**
 * The management key guard (seed auth routes, and the management API): the key as `Authorization: Bearer`
 * or `x-management-key`, compared in constant time. The client API key is refused here on purpose, with
 * a message saying so. A small factory so that callers can wrap it (lockout after repeated failures).
 */
import type { Request, RequestHandler } from 'express';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import { keysMatch } from '../../vault/client-keys.js';

export interface ManagementAuthOptions {
  managementKey: () => string;
  /** When given, a request presenting the client key is told that it is the wrong key. */
  clientKey?: () => string;
  /** Called on every refused request (e.g. to count failures per address). */
  onRefused?: (request: Request) => void;
}

export function presentedManagementKey(request: Request): string | undefined {
  const header = request.headers['x-management-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = request.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  return undefined;
}

export function managementAuthMiddleware(options: ManagementAuthOptions): RequestHandler {
  return (request, _response, next) => {
    const key = presentedManagementKey(request);
    if (keysMatch(key, options.managementKey())) {
      next();
      return;
    }
    options.onRefused?.(request);
    if (key && options.clientKey && keysMatch(key, options.clientKey())) {
      next(new SwitchyardError('forbidden', 403, 'The client API key is not accepted here: send the management key (x-management-key or Authorization: Bearer).'));
      return;
    }
    const message = key
      ? 'The management key is not valid for this Switchyard.'
      : 'The management key is required: send it as x-management-key or Authorization: Bearer (SWITCHYARD_MANAGEMENT_KEY sets it).';
    next(new SwitchyardError('unauthorized', 401, message));
  };
}
