/**
 * The management API, derived from the contract: for every operation `POST /v0/management/<kebab-name>`
 * with the JSON input (queries also answer `GET` with the input as query parameters), plus the SSE
 * events stream. JSON in and out; errors are `{error: ErrorShape}` with the HTTP status; a bad input is
 * a 400 naming the field. Everything here needs the management key (with the lockout), never the client key.
 */
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import { contractOperations, managementBasePath, managementEventsPath, operationNames, operationPath, type OperationName } from '../../../../shared/contract.js';
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { EventBus } from '../../events/event-bus.js';
import { fromBodyParser } from '../error-handler.js';
import { managementEventsHandler } from './management-events-route.js';

export interface ManagementRoutesOptions {
  invoke(name: OperationName, input: unknown): Promise<unknown>;
  bus: EventBus;
  /** The management-key check, lockout included (middleware/management-lockout.ts). */
  guard: RequestHandler;
  logger: Logger;
}

/** Query parameters as input: a value the field accepts as text stays text, else it is read as JSON (`5`, `true`, `["a"]`). */
export function inputFromQuery(schema: ZodType, query: Record<string, unknown>): Record<string, unknown> {
  const shape = 'shape' in schema && typeof schema.shape === 'object' && schema.shape !== null ? (schema.shape as Record<string, ZodType>) : {};
  const input: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') {
      input[key] = raw;
      continue;
    }
    if (shape[key]?.safeParse(raw).success) {
      input[key] = raw;
      continue;
    }
    try {
      input[key] = JSON.parse(raw);
    } catch {
      input[key] = raw;
    }
  }
  return input;
}

export function managementRoutes(options: ManagementRoutesOptions): Router {
  const router = Router();
  const jsonBody = express.json({ limit: '1mb', type: () => true });
  router.use(managementBasePath, options.guard);

  for (const name of operationNames) {
    const path = operationPath(name);
    const run = (input: unknown): RequestHandler => async (_request, response) => {
      response.setHeader('cache-control', 'no-store');
      response.json(await options.invoke(name, input));
    };
    router.post(path, jsonBody, (request, response, next) => run(request.body ?? {})(request, response, next));
    if (contractOperations[name].kind === 'query') {
      router.get(path, (request, response, next) => run(inputFromQuery(contractOperations[name].input, request.query))(request, response, next));
    }
  }
  router.get(managementEventsPath, managementEventsHandler(options.bus));

  router.use(managementBasePath, (request, _response, next) => {
    next(new SwitchyardError('not_found', 404, `No management operation at ${request.method} ${request.originalUrl.split('?')[0]}.`));
  });
  const renderError: ErrorRequestHandler = (error, request, response, _next) => {
    const failure = fromBodyParser(error, () => 'The request body is too large for the management API (1 MiB).');
    if (failure.status >= 500) options.logger.error({ requestId: response.locals.requestId, path: request.path, error: failure.message }, 'management call failed');
    if (response.headersSent) {
      response.end();
      return;
    }
    const shape = failure.toShape();
    if (shape.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(shape.retryAfterSeconds));
    response.status(shape.status).json({ error: shape });
  };
  router.use(managementBasePath, renderError);
  return router;
}
