/**
 * Whole GenerateContentResponse <-> canonical response. Parsing runs the stream decoder over the body
 * (or over each element of the JSON-array form) and aggregates, so both shapes share one mapper;
 * rendering uses the same part builders as the stream encoder.
 */
import { createPartAggregator } from '../../canonical/aggregate-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { isJsonObject, isRecord, leftoverFields } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { SwitchyardError, TranslationError } from '../../errors/switchyard-error.js';
import { finishReasonToGemini, usageToGemini } from './gemini-finish-usage.js';
import { geminiFields, geminiMetadata } from './gemini-json-values.js';
import { blockParts, responseEnvelope } from './gemini-output-parts.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';

const mappedCandidateKeys: ReadonlySet<string> = new Set(['content', 'finishReason', 'index']);
const mappedResponseKeys: ReadonlySet<string> = new Set(['candidates', 'usageMetadata', 'modelVersion', 'responseId']);

export function parseGeminiResponse(body: unknown, context: TranslationContext): CanonicalResponse {
  const chunks = Array.isArray(body) ? body : [body];
  if (chunks.length === 0 || !chunks.every(isRecord)) {
    throw new TranslationError('The Gemini upstream answered with a body that is not a GenerateContentResponse.');
  }
  const decoder = createGeminiStreamDecoder(context, { tolerateMissingFinish: true });
  const aggregator = createPartAggregator({ id: '', model: context.clientModel, created: context.nowSeconds() });
  // Fields no canonical slot holds (grounding, citations, safety ratings, prompt feedback), latest wins.
  let candidateFields: JsonObject | undefined;
  let responseFields: JsonObject | undefined;
  for (const chunk of chunks) {
    for (const part of decoder.pushChunk(chunk)) aggregator.push(part);
    const candidate = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined;
    if (isRecord(candidate)) candidateFields = { ...candidateFields, ...leftoverFields(candidate, mappedCandidateKeys) };
    responseFields = { ...responseFields, ...leftoverFields(chunk, mappedResponseKeys) };
  }
  for (const part of decoder.end()) aggregator.push(part);
  if (aggregator.error) throw SwitchyardError.fromShape(aggregator.error);
  const response = aggregator.result();
  const fields: JsonObject = {};
  if (candidateFields && Object.keys(candidateFields).length > 0) fields.candidateFields = candidateFields;
  if (responseFields && Object.keys(responseFields).length > 0) fields.responseFields = responseFields;
  const providerMetadata = geminiMetadata(fields);
  if (providerMetadata) response.providerMetadata = providerMetadata;
  return response;
}

export function renderGeminiResponse(response: CanonicalResponse, _request: CanonicalRequest, context: TranslationContext): JsonObject {
  const gemini = geminiFields(response.providerMetadata);
  const parts = response.content.flatMap(blockParts);
  const body = responseEnvelope(parts, response.id, context.clientModel, {
    finishReason: finishReasonToGemini(response.finishReason, response.rawFinishReason),
    usageMetadata: usageToGemini(response.usage),
    ...(isJsonObject(gemini?.candidateFields) ? { candidateFields: gemini.candidateFields } : {}),
  });
  return isJsonObject(gemini?.responseFields) ? { ...gemini.responseFields, ...body } : body;
}
