/** Gemini client routes. Model names may contain `/` (`local/llama3.2`), so the path is split by hand. */
import { Router, type Request } from 'express';
import { BadRequestError, SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProxyPipeline } from '../proxy-pipeline.js';
import type { ModelCatalogue } from './model-catalogue.js';
import type { ProviderModel } from '../../providers/provider.js';
import { handleTokenCount } from './token-count.js';

const generationMethods = ['generateContent', 'streamGenerateContent', 'countTokens'];

function geminiModel(model: ProviderModel) {
  return {
    name: `models/${model.id}`,
    baseModelId: model.id,
    version: '1',
    displayName: model.displayName ?? model.id,
    supportedGenerationMethods: generationMethods,
  };
}

function modelPath(request: Request): string {
  const segments = (request.params as Record<string, string | string[]>).modelPath;
  return decodeURIComponent(Array.isArray(segments) ? segments.join('/') : String(segments ?? ''));
}

export function geminiRoutes(pipeline: ProxyPipeline, catalogue: ModelCatalogue): Router {
  const router = Router();
  router.get('/v1beta/models', async (_request, response) => {
    response.json({ models: (await catalogue.list()).map(geminiModel) });
  });
  router.get('/v1beta/models/*modelPath', async (request, response, next) => {
    const id = modelPath(request);
    const model = await catalogue.find(id);
    if (!model) {
      next(new SwitchyardError('unknown_model', 404, `The model "${id}" is not served by any connected provider. List models with GET /v1beta/models.`));
      return;
    }
    response.json(geminiModel(model));
  });
  router.post('/v1beta/models/*modelPath', async (request, response, next) => {
    const path = modelPath(request);
    const colon = path.lastIndexOf(':');
    const model = colon > 0 ? path.slice(0, colon) : '';
    const action = colon > 0 ? path.slice(colon + 1) : '';
    switch (action) {
      case 'generateContent':
        return pipeline.handle({ clientFormat: 'gemini', model, stream: false }, request, response);
      case 'streamGenerateContent':
        return pipeline.handle(
          { clientFormat: 'gemini', model, stream: true, framing: request.query.alt === 'sse' ? 'sse' : 'json-array' },
          request,
          response,
        );
      case 'countTokens':
        return handleTokenCount(pipeline, 'gemini', request, response, model);
      default:
        next(new BadRequestError(`Unknown method "${action || path}"; use :generateContent, :streamGenerateContent or :countTokens.`));
    }
  });
  return router;
}
