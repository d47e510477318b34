/**
 * Token counting routes. Upstreams that count (and speak the client's format) are asked; for the rest
 * a local estimate answers, marked by the `x-switchyard-token-count: estimate` header.
 */
import type { Request, Response } from 'express';
import type { FormatId } from '../../canonical/format-id.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import { estimateInputTokens } from '../../canonical/estimate-tokens.js';
import { toSwitchyardError } from '../../errors/switchyard-error.js';
import { formats } from '../../formats/format-registry.js';
import { sendClientError } from '../error-handler.js';
import { parseJsonBody, requestBodyText, type ProxyPipeline } from '../proxy-pipeline.js';
import { passthroughBody } from '../../routing/upstream-attempts.js';
import { setLocalServerTiming, setServerTiming } from '../server-timing.js';

const tokenCountBodies: Partial<Record<FormatId, (count: number) => JsonObject>> = {
  'anthropic-messages': (count) => ({ input_tokens: count }),
  gemini: (count) => ({ totalTokens: count }),
};

/** Count bodies lack generation fields the full request requires. */
function asGenerationBody(clientFormat: FormatId, body: unknown): unknown {
  if (clientFormat === 'anthropic-messages' && body && typeof body === 'object' && !Array.isArray(body)) return { max_tokens: 1, ...body };
  if (clientFormat === 'gemini' && body && typeof body === 'object' && 'generateContentRequest' in body) {
    return (body as { generateContentRequest: unknown }).generateContentRequest;
  }
  return body;
}

export async function handleTokenCount(
  pipeline: ProxyPipeline,
  clientFormat: FormatId,
  request: Request,
  response: Response,
  routeModel?: string,
): Promise<void> {
  try {
    const bodyText = requestBodyText(request.body);
    const body = parseJsonBody(bodyText);
    const canonical = formats[clientFormat].parseRequest(asGenerationBody(clientFormat, body), { model: routeModel, stream: false });
    const target = await pipeline.resolveTarget(canonical.model);
    if (target.provider.countsTokens && target.provider.upstreamFormat === clientFormat) {
      const upstreamStarted = performance.now();
      const reply = await target.provider.execute(
        {
          operation: 'count-tokens',
          upstreamModel: target.upstreamModel,
          stream: false,
          body: passthroughBody(bodyText, target),
          clientHeaders: request.headers,
          signal: AbortSignal.timeout(30_000),
        },
        target.accounts[0],
      );
      const text = await reply.body.text();
      const upstreamMs = performance.now() - upstreamStarted;
      setServerTiming(response, performance.now() - (response.locals.arrivedAt ?? upstreamStarted) - upstreamMs, upstreamMs);
      if (reply.status >= 400) throw target.provider.mapError({ status: reply.status, headers: reply.headers, bodyText: text }, target.accounts[0]);
      response.status(reply.status).type('application/json').send(text);
      return;
    }
    const render = tokenCountBodies[clientFormat] ?? ((count: number) => ({ input_tokens: count }));
    response.setHeader('x-switchyard-token-count', 'estimate');
    setLocalServerTiming(response, response.locals.arrivedAt);
    response.json(render(estimateInputTokens(canonical)));
  } catch (error) {
    sendClientError(response, formats[clientFormat], toSwitchyardError(error));
  }
}
