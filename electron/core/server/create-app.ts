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
import { clientApiRoutes } from './routes/openai-routes.js';
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
  /** Routes mounted before the client-key check (dashboard, management API). */
  publicRoutes?: RequestHandler[];
}

export function createApp(dependencies: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestIdMiddleware());
  app.use(hostGuardMiddleware({ port: dependencies.port, loopbackOnly: dependencies.loopbackOnly }));
  // Claude Code probes `HEAD /` before its first request.
  app.head('/', (_request, response) => {
    response.status(200).end();
  });
  app.get('/', (_request, response, next) => {
    if (dependencies.publicRoutes?.length) {
      next();
      return;
    }
    response.json({ name: 'switchyard', status: 'ok' });
  });
  app.use(healthSummaryRoute(dependencies.health));
  for (const route of dependencies.publicRoutes ?? []) app.use(route);
  const rawBody = (request: Parameters<RequestHandler>[0], response: Parameters<RequestHandler>[1], next: Parameters<RequestHandler>[2]) =>
    express.raw({ type: () => true, limit: dependencies.bodyLimitBytes() })(request, response, next);
  app.use(['/v1', '/v1beta', '/backend-api'], clientAuthMiddleware(dependencies.clientKey), rawBody);
  app.use(deepHealthRoute(dependencies.health));
  app.use(clientApiRoutes(dependencies.pipeline, dependencies.catalogue));
  app.use(geminiRoutes(dependencies.pipeline, dependencies.catalogue));
  app.use((request, _response, next) => {
    next(new SwitchyardError('not_found', 404, `No route for ${request.method} ${request.path}.`));
  });
  app.use(errorHandler(dependencies.logger));
  return app;
}
