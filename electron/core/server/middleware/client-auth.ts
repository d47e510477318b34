/** The client API key, from `Authorization: Bearer`, `x-api-key`, `x-goog-api-key` or Gemini's `?key=`. */
import type { Request, RequestHandler } from 'express';
import { keysMatch } from '../../vault/client-keys.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';

export function presentedKey(request: Request, allowQueryKey: boolean): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim();
  const apiKey = request.headers['x-api-key'] ?? request.headers['x-goog-api-key'];
  if (typeof apiKey === 'string') return apiKey.trim();
  if (allowQueryKey && typeof request.query.key === 'string') return request.query.key;
  return undefined;
}

export function clientAuthMiddleware(clientKey: () => string): RequestHandler {
  return (request, _response, next) => {
    // Mounted under /v1beta (among others), where request.path is relative to the mount point.
    const key = presentedKey(request, `${request.baseUrl}${request.path}`.startsWith('/v1beta/'));
    if (keysMatch(key, clientKey())) {
      next();
      return;
    }
    const message = key
      ? 'The API key is not valid for this Switchyard. Run `switchyard key` to print the right one.'
      : 'An API key is required: send the Switchyard client key as a Bearer token or x-api-key. Run `switchyard key` to print it.';
    next(new SwitchyardError('unauthorized', 401, message));
  };
}
