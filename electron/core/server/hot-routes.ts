/**
 * The generation routes without the router walk. For a POST to one of them, every layer of the express
 * chain other than its guards (request id, Host/Origin, client key, body) and its route is a path the
 * router would only test and skip; express 5 spends more on that walk than a bare Node proxy spends on
 * the whole request (bench/, issue 4). So a POST whose path is exactly a hot route runs those same
 * handlers, one after the other, with express's request and response prototypes; a failure goes to the
 * same error handler. Every other request, and any variant spelling of a path, is express's as before.
 */
import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

export interface HotRoutes {
  /** The chain's handlers in front of these routes, in the chain's order. */
  guards: RequestHandler[];
  /** Exact path (without the query) -> its handler, as mounted in the chain. */
  routes: ReadonlyMap<string, RequestHandler>;
  /** The app's own error handler. */
  errorHandler: ErrorRequestHandler;
}

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

const listeners = new WeakMap<Express, RequestListener>();

export function registerHotRoutes(app: Express, hot: HotRoutes): void {
  listeners.set(app, createHotListener(app, hot));
}

/** The listener for node:http's createServer: the hot routes in front of `app`, or `app` itself. */
export function requestListener(app: Express): RequestListener {
  return listeners.get(app) ?? app;
}

/**
 * Request and response classes for node:http's createServer with express's prototypes in their chain, so
 * every request object is born with them: express's app.handle (and the hot path) then find nothing to
 * swap, where a setPrototypeOf per request costs V8 a fresh hidden class each time. They are subclasses so
 * that the objects keep node's layout: a plain function calling node's constructor on `this` left V8 no room
 * for node's ~30 fields, and every request and response fell into slow dictionary mode.
 */
export function expressServerClasses(app: Express): Pick<ServerOptions, 'IncomingMessage' | 'ServerResponse'> {
  class ExpressRequest extends IncomingMessage {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  class ExpressResponse extends ServerResponse {}
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  return {
    IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage,
    ServerResponse: ExpressResponse as unknown as typeof ServerResponse,
  };
}

function hotRoute(hot: HotRoutes, incoming: IncomingMessage): RequestHandler | undefined {
  if (incoming.method !== 'POST') return undefined;
  const url = incoming.url ?? '';
  const queryStart = url.indexOf('?');
  return hot.routes.get(queryStart < 0 ? url : url.slice(0, queryStart));
}

function createHotListener(app: Express, hot: HotRoutes): RequestListener {
  return (incoming, outgoing) => {
    const route = hotRoute(hot, incoming);
    if (!route) {
      app(incoming, outgoing);
      return;
    }
    // What express's app.handle does before it enters the router.
    const request = incoming as Request;
    const response = outgoing as Response;
    request.res = response;
    response.req = request;
    if (!Object.prototype.isPrototypeOf.call(app.request, request)) Object.setPrototypeOf(request, app.request);
    if (!Object.prototype.isPrototypeOf.call(app.response, response)) Object.setPrototypeOf(response, app.response);
    response.locals ??= Object.create(null) as Response['locals'];
    request.baseUrl = '';
    request.originalUrl = request.url;
    runChain(hot, route, request, response);
  };
}

/** guards[0] … guards[n-1], then the route; the first error goes to the error handler. */
function runChain(hot: HotRoutes, route: RequestHandler, request: Request, response: Response): void {
  let step = 0;
  const fail = (error: unknown) => {
    hot.errorHandler(error, request, response, () => {
      if (!response.headersSent) response.status(500).end();
    });
  };
  const next: NextFunction = (error?: unknown) => {
    if (error) {
      fail(error);
      return;
    }
    const handler = step < hot.guards.length ? hot.guards[step++] : route;
    const last = handler === route;
    try {
      const result: unknown = handler(request, response, last ? fail : next);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
  next();
}
