/** OpenAI and Anthropic client routes: chat, responses (and the Codex mirror), messages, models. */
import { Router } from 'express';
import type { ProxyPipeline, ProxyRouteSpec } from '../proxy-pipeline.js';
import type { ModelCatalogue } from './model-catalogue.js';
import { handleTokenCount } from './token-count.js';

/** The generation routes: served by the router below and, for exact paths, by the hot path (hot-routes.ts). */
export const generationRoutes: ReadonlyArray<readonly [path: string, spec: ProxyRouteSpec]> = [
  ['/v1/chat/completions', { clientFormat: 'openai-chat' }],
  ['/v1/responses', { clientFormat: 'openai-responses' }],
  // Codex CLI's `chatgpt_base_url` can point here.
  ['/backend-api/codex/responses', { clientFormat: 'openai-responses' }],
  ['/v1/messages', { clientFormat: 'anthropic-messages' }],
];

export function clientApiRoutes(pipeline: ProxyPipeline, catalogue: ModelCatalogue): Router {
  const router = Router();
  for (const [path, spec] of generationRoutes) router.post(path, (request, response) => pipeline.handle(spec, request, response));
  router.post('/v1/messages/count_tokens', (request, response) => handleTokenCount(pipeline, 'anthropic-messages', request, response));
  router.get('/v1/models', async (request, response) => {
    const models = await catalogue.list();
    if (request.headers['anthropic-version']) {
      response.json({
        data: models.map((model) => ({ type: 'model', id: model.id, display_name: model.displayName ?? model.id, created_at: '2025-01-01T00:00:00Z' })),
        has_more: false,
        first_id: models[0]?.id ?? null,
        last_id: models.at(-1)?.id ?? null,
      });
      return;
    }
    response.json({
      object: 'list',
      data: models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: model.ownedBy })),
    });
  });
  return router;
}
