/** The Gemini generateContent wire format, as a client format (`/v1beta/models/*`) and an upstream (AI Studio). */
import type { WireFormat } from '../wire-format.js';
import { parseGeminiError, renderGeminiError } from './gemini-errors.js';
import { prepareGeminiPassthroughBody } from './gemini-passthrough.js';
import { buildGeminiRequest, parseGeminiRequest } from './gemini-request.js';
import { parseGeminiResponse, renderGeminiResponse } from './gemini-response.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';
import { createGeminiStreamEncoder } from './gemini-stream-encoder.js';

export { cleanSchemaForGemini, normalizeGeminiSchema } from './gemini-json-schema.js';
export { readGeminiRetryDelay } from './gemini-errors.js';

export const geminiFormat: WireFormat = {
  id: 'gemini',
  parseRequest: parseGeminiRequest,
  buildRequest: buildGeminiRequest,
  parseResponse: parseGeminiResponse,
  renderResponse: renderGeminiResponse,
  createStreamDecoder: (context) => createGeminiStreamDecoder(context),
  createStreamEncoder: createGeminiStreamEncoder,
  renderError: renderGeminiError,
  parseError: parseGeminiError,
  preparePassthroughBody: prepareGeminiPassthroughBody,
};
