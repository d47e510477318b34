/** Every wire format, one line each. */
import type { FormatId } from '../canonical/format-id.js';
import type { WireFormat } from './wire-format.js';
import { openAiChatFormat } from './openai-chat/openai-chat-format.js';
import { anthropicMessagesFormat } from './anthropic-messages/anthropic-messages-format.js';
import { openAiResponsesFormat } from './openai-responses/openai-responses-format.js';
import { geminiFormat } from './gemini/gemini-format.js';

export const formats: Record<FormatId, WireFormat> = {
  'openai-chat': openAiChatFormat,
  'anthropic-messages': anthropicMessagesFormat,
  'openai-responses': openAiResponsesFormat,
  gemini: geminiFormat,
};
