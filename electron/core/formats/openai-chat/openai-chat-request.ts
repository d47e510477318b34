/** Chat Completions requests both ways: client body -> canonical, canonical -> upstream body. */
export { parseOpenAiChatRequest } from './openai-chat-request-parse.js';
export { buildOpenAiChatRequest } from './openai-chat-request-build.js';
