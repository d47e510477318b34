/** OpenAI Chat Completions as a wire format: the client side of `/v1/chat/completions` and the upstream side of every OpenAI-compatible server. */
import type { WireFormat } from '../wire-format.js';
import { parseOpenAiError, renderOpenAiError } from './openai-chat-errors.js';
import { buildOpenAiChatRequest, parseOpenAiChatRequest } from './openai-chat-request.js';
import { parseOpenAiChatResponse, renderOpenAiChatResponse } from './openai-chat-response.js';
import { OpenAiChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAiChatStreamEncoder } from './openai-chat-stream-encoder.js';

export const openAiChatFormat: WireFormat = {
  id: 'openai-chat',
  parseRequest: parseOpenAiChatRequest,
  buildRequest: buildOpenAiChatRequest,
  parseResponse: parseOpenAiChatResponse,
  renderResponse: renderOpenAiChatResponse,
  createStreamDecoder: (context) => new OpenAiChatStreamDecoder(context),
  createStreamEncoder: (request, context) => new OpenAiChatStreamEncoder(request, context),
  renderError: renderOpenAiError,
  parseError: parseOpenAiError,
};
