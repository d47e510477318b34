/**
 * Responses errors use OpenAI's `{error:{message,type,code,param}}` body; the parser also reads the
 * Codex backend's `{"detail":...}` and `{"error":{"type":"usage_limit_reached",...}}` bodies.
 */
import type { ErrorShape } from '../../../../shared/errors.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import type { UpstreamErrorDetails } from '../wire-format.js';
import { parseOpenAiError, renderOpenAiError } from '../openai-chat/openai-chat-errors.js';

export function renderOpenAiResponsesError(error: ErrorShape): JsonObject {
  return renderOpenAiError(error);
}

export function parseOpenAiResponsesError(status: number, body: unknown): UpstreamErrorDetails {
  return parseOpenAiError(status, body);
}
