/** The OpenAI Responses wire format (`POST /v1/responses`; upstream: the ChatGPT Codex backend). */
import type { WireFormat } from '../wire-format.js';
import { parseOpenAiResponsesError, renderOpenAiResponsesError } from './openai-responses-errors.js';
import { dropForeignReasoning } from './openai-responses-passthrough.js';
import { buildOpenAiResponsesRequest, parseOpenAiResponsesRequest } from './openai-responses-request.js';
import { parseOpenAiResponsesResponse, renderOpenAiResponsesResponse } from './openai-responses-response.js';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAiResponsesStreamEncoder } from './openai-responses-stream-encoder.js';

export const openAiResponsesFormat: WireFormat = {
  id: 'openai-responses',
  parseRequest: parseOpenAiResponsesRequest,
  buildRequest: buildOpenAiResponsesRequest,
  parseResponse: parseOpenAiResponsesResponse,
  renderResponse: renderOpenAiResponsesResponse,
  createStreamDecoder: (context) => new OpenAiResponsesStreamDecoder(context),
  createStreamEncoder: (request, context) => new OpenAiResponsesStreamEncoder(request, context),
  renderError: renderOpenAiResponsesError,
  parseError: parseOpenAiResponsesError,
  preparePassthroughBody: dropForeignReasoning,
};
