/**
 * Non-streamed Responses bodies, both ways, through the stream mappers so there is one mapping:
 * an upstream body is fed to the stream decoder as `response.created` plus its terminal event, and a
 * client body is what the stream encoder's terminal event carries.
 */
import { aggregateParts, responseToParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { isRecord } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { SwitchyardError, TranslationError } from '../../errors/switchyard-error.js';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAiResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

function terminalEventType(status: unknown): string {
  if (status === 'incomplete') return 'response.incomplete';
  if (status === 'failed') return 'response.failed';
  return 'response.completed';
}

export function parseOpenAiResponsesResponse(body: unknown, context: TranslationContext): CanonicalResponse {
  if (!isRecord(body)) throw new TranslationError('The upstream Responses body is not a JSON object.');
  const decoder = new OpenAiResponsesStreamDecoder(context);
  const parts: CanonicalPart[] = [];
  decoder.handle({ type: 'response.created', response: body }, 'response.created', parts);
  const terminal = terminalEventType(body.status);
  decoder.handle({ type: terminal, response: body }, terminal, parts);
  const error = parts.find((part) => part.type === 'error');
  if (error?.type === 'error') throw SwitchyardError.fromShape(error.error);
  return aggregateParts(parts, { id: context.newId('resp_'), model: context.clientModel, created: context.nowSeconds() });
}

export function renderOpenAiResponsesResponse(response: CanonicalResponse, request: CanonicalRequest, context: TranslationContext): JsonObject {
  const encoder = new OpenAiResponsesStreamEncoder(request, context, false);
  for (const part of responseToParts(response)) encoder.push(part);
  const body = encoder.finalResponse;
  if (!body) throw new TranslationError('The response could not be rendered as a Responses object.');
  return body;
}
