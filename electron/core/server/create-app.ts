/**
 * The express app, built without listening (tests and the Electron shell call listen themselves).
 * Order matters: request id, Host/Origin guards, the unauthenticated probes, the client key, bodies, routes.
 */
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { hostGuardMiddleware } from './middleware/host-guard.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { clientAuthMiddleware } from './middleware/client-auth.js';
import { errorHandler } from './error-handler.js';
import type { ProxyPipeline } from './proxy-pipeline.js';
import { clientApiRoutes, generationRoutes } from './routes/openai-routes.js';
import { registerHotRoutes } from './hot-routes.js';
import { geminiRoutes } from './routes/gemini-routes.js';
import { deepHealthRoute, healthSummaryRoute, type HealthSource } from './routes/health-routes.js';
import type { ModelCatalogue } from './routes/model-catalogue.js';
import { SwitchyardError } from '../errors/switchyard-error.js';

export interface AppDependencies {
  logger: Logger;
  pipeline: ProxyPipeline;
  catalogue: ModelCatalogue;
  health: HealthSource;
  port: () => number;
  loopbackOnly: () => boolean;
  clientKey: () => string;
  bodyLimitBytes: () => number;
  /** Routes mounted before the client-key check (the dashboard, which answers `GET /`). */
  publicRoutes: RequestHandler[];
  /** The seed's account-connection routes (routes/auth-routes.ts): management key, not the client key. */
  authRoutes?: RequestHandler;
  /** The management API (`/v0/management/*`, server/management/): its own key, mounted before the client key. */
  managementRoutes?: RequestHandler;
}

export function createApp(dependencies: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  const requestId = requestIdMiddleware();
  const hostGuard = hostGuardMiddleware({ port: dependencies.port, loopbackOnly: dependencies.loopbackOnly });
  app.use(requestId);
  app.use(hostGuard);
  // Claude Code probes `HEAD /` before its first request.
  app.head('/', (_request, response) => {
    response.status(200).end();
  });
  app.use(healthSummaryRoute(dependencies.health));
  for (const route of dependencies.publicRoutes) app.use(route);
  if (dependencies.authRoutes) app.use(dependencies.authRoutes);
  if (dependencies.managementRoutes) app.use(dependencies.managementRoutes);
  // One body parser per limit (the setting can change while running), not one per request.
  let parserLimit = -1;
  let parser: RequestHandler = (_request, _response, next) => next();
  const rawBody: RequestHandler = (request, response, next) => {
    const limit = dependencies.bodyLimitBytes();
    if (limit !== parserLimit) {
      parserLimit = limit;
      parser = express.raw({ type: () => true, limit });
    }
    parser(request, response, next);
  };
  const clientAuth = clientAuthMiddleware(dependencies.clientKey);
  app.use(['/v1', '/v1beta', '/backend-api'], clientAuth, rawBody);
  app.use(deepHealthRoute(dependencies.health));
  app.use(clientApiRoutes(dependencies.pipeline, dependencies.catalogue));
  app.use(geminiRoutes(dependencies.pipeline, dependencies.catalogue));
  app.use((request, _response, next) => {
    next(new SwitchyardError('not_found', 404, `No route for ${request.method} ${request.path}.`));
  });
  const errors = errorHandler(dependencies.logger);
  app.use(errors);
  // The generation routes run the same guards and handler without the router walk (hot-routes.ts). Keep
  // `guards` equal to what the chain above applies to a POST on those paths.
  registerHotRoutes(app, {
    guards: [requestId, hostGuard, clientAuth, rawBody],
    routes: new Map(generationRoutes.map(([path, spec]) => [path, (request, response) => dependencies.pipeline.handle(spec, request, response)])),
    errorHandler: errors,
  });
  return app;
}
