/** The one error handler: our error family, rendered in the client's format; never a stack trace. */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { ErrorShape } from '../../../shared/errors.js';
import { BadRequestError, SwitchyardError, toSwitchyardError } from '../errors/switchyard-error.js';
import { formats } from '../formats/format-registry.js';
import type { WireFormat } from '../formats/wire-format.js';
import { clientFormatForPath } from './client-format-for-path.js';
import { setLocalServerTiming } from './server-timing.js';

interface HttpLikeError {
  type?: string;
  status?: number;
  limit?: number;
}

/** A body-parser failure as our error; each API words its size limit its own way. */
export function fromBodyParser(error: unknown, tooLargeMessage: (limit: number | undefined) => string): SwitchyardError {
  const httpError = error as HttpLikeError | null;
  if (httpError?.type === 'entity.too.large') return new SwitchyardError('payload_too_large', 413, tooLargeMessage(httpError.limit));
  if (httpError?.type === 'entity.parse.failed') return new BadRequestError('The request body is not valid JSON.', undefined, 'invalid_json');
  return toSwitchyardError(error);
}

/**
 * An error in the client's format: `retry-after` first (so a forwarded header of that name wins), then
 * the forwarded headers, a local Server-Timing unless one is set, and the body.
 */
export function sendErrorShape(response: Response, format: WireFormat, shape: ErrorShape, forwardHeaders: Readonly<Record<string, string>> = {}): void {
  if (shape.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(shape.retryAfterSeconds));
  for (const [name, value] of Object.entries(forwardHeaders)) response.setHeader(name, value);
  setLocalServerTiming(response, response.locals.arrivedAt);
  response.status(shape.status).json(format.renderError(shape));
}

export function sendClientError(response: Response, format: WireFormat, error: SwitchyardError): void {
  sendErrorShape(response, format, error.toShape(), error.forwardHeaders);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const failure = fromBodyParser(error, (limit) => `The request body is larger than the limit of ${limit} bytes (setting bodyLimitMb).`);
    if (failure.status >= 500) logger.error({ requestId: response.locals.requestId, error: failure.message }, 'request failed');
    if (response.headersSent) {
      response.end();
      return;
    }
    sendClientError(response, formats[clientFormatForPath(request.path)], failure);
  };
}
