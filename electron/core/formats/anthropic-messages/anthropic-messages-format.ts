/** The Anthropic Messages wire format (`POST /v1/messages`; the Claude upstream). */
import type { WireFormat } from '../wire-format.js';
import { parseAnthropicMessagesError, renderAnthropicMessagesError } from './anthropic-messages-errors.js';
import { dropForeignThinking } from './anthropic-messages-passthrough.js';
import { buildAnthropicMessagesRequest, parseAnthropicMessagesRequest } from './anthropic-messages-request.js';
import { parseAnthropicMessagesResponse, renderAnthropicMessagesResponse } from './anthropic-messages-response.js';
import { AnthropicMessagesStreamDecoder } from './anthropic-messages-stream-decoder.js';
import { AnthropicMessagesStreamEncoder } from './anthropic-messages-stream-encoder.js';

export const anthropicMessagesFormat: WireFormat = {
  id: 'anthropic-messages',
  parseRequest: parseAnthropicMessagesRequest,
  buildRequest: buildAnthropicMessagesRequest,
  parseResponse: parseAnthropicMessagesResponse,
  renderResponse: renderAnthropicMessagesResponse,
  createStreamDecoder: (context) => new AnthropicMessagesStreamDecoder(context),
  createStreamEncoder: (_request, context) => new AnthropicMessagesStreamEncoder(context),
  renderError: renderAnthropicMessagesError,
  parseError: parseAnthropicMessagesError,
  preparePassthroughBody: dropForeignThinking,
};
