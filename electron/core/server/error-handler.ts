/** The one error handler: our error family, rendered in the client's format; never a stack trace. */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { BadRequestError, SwitchyardError, toSwitchyardError } from '../errors/switchyard-error.js';
import { formats } from '../formats/format-registry.js';
import { clientFormatForPath } from './client-format-for-path.js';
import { setLocalServerTiming } from './server-timing.js';

interface HttpLikeError {
  type?: string;
  status?: number;
  limit?: number;
}

function fromExpress(error: unknown): SwitchyardError {
  const httpError = error as HttpLikeError;
  if (httpError?.type === 'entity.too.large') {
    return new SwitchyardError('payload_too_large', 413, `The request body is larger than the limit of ${httpError.limit} bytes (setting bodyLimitMb).`);
  }
  if (httpError?.type === 'entity.parse.failed') return new BadRequestError('The request body is not valid JSON.', undefined, 'invalid_json');
  return toSwitchyardError(error);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const failure = fromExpress(error);
    if (failure.status >= 500) logger.error({ requestId: response.locals.requestId, error: failure.message }, 'request failed');
    if (response.headersSent) {
      response.end();
      return;
    }
    const shape = failure.toShape();
    if (shape.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(shape.retryAfterSeconds));
    setLocalServerTiming(response, response.locals.arrivedAt);
    response.status(shape.status).json(formats[clientFormatForPath(request.path)].renderError(shape));
  };
}
