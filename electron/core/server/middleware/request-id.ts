/** Every request gets an id, echoed in `x-request-id` and carried by its log line and usage record, and its arrival time (Server-Timing). */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';

export function requestIdMiddleware(): RequestHandler {
  return (request, response, next) => {
    response.locals.arrivedAt = performance.now();
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    response.locals.requestId = id;
    response.setHeader('x-request-id', id);
    next();
  };
}
