/**
 * Whole (non-streamed) Chat responses. Parsing runs the body through the stream decoder (a
 * response is one big chunk whose choices carry `message`), so both shapes share one mapper;
 * rendering uses the same finish, usage and id rules as the stream encoder.
 */
import { createPartAggregator } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { TranslationError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { finishReasonToChat, toChatCompletionId, usageToChat } from './openai-chat-finish-usage.js';
import { OpenAiChatStreamDecoder } from './openai-chat-stream-decoder.js';

export function parseOpenAiChatResponse(body: unknown, context: TranslationContext): CanonicalResponse {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TranslationError('The upstream sent a Chat Completions response that is not a JSON object.');
  }
  const record = body as Record<string, unknown>;
  if (record.error == null && !Array.isArray(record.choices)) {
    throw new TranslationError('The upstream sent a Chat Completions response without `choices`.');
  }
  const decoder = new OpenAiChatStreamDecoder(context);
  const parts: CanonicalPart[] = [];
  decoder.pushValue(body, parts);
  for (const part of decoder.end()) parts.push(part);

  const aggregator = createPartAggregator({ id: '', model: context.clientModel, created: 0 });
  for (const part of parts) aggregator.push(part);
  const error = aggregator.error;
  if (error) {
    throw new UpstreamHttpError(error.status, error.message, error.upstreamType === undefined ? {} : { upstreamType: error.upstreamType });
  }
  return aggregator.result();
}

export function renderOpenAiChatResponse(
  response: CanonicalResponse,
  _request: CanonicalRequest,
  context: TranslationContext,
): JsonObject {
  // Text and reasoning blocks concatenate, exactly as a streaming client sees their deltas.
  let text = '';
  let reasoning = '';
  const toolCalls: JsonObject[] = [];
  for (const block of response.content) {
    switch (block.type) {
      case 'text':
        text += block.text;
        break;
      case 'reasoning':
        reasoning += block.text;
        break;
      case 'tool-call':
        toolCalls.push(
          block.kind === 'custom'
            ? { id: block.id, type: 'custom', custom: { name: block.name, input: block.arguments } }
            : { id: block.id, type: 'function', function: { name: block.name, arguments: block.arguments } },
        );
        break;
    }
  }
  const message: JsonObject = { role: 'assistant', content: text || (toolCalls.length > 0 ? null : '') };
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: toChatCompletionId(response.id, context),
    object: 'chat.completion',
    created: response.created || context.nowSeconds(),
    model: context.clientModel,
    choices: [{ index: 0, message, finish_reason: finishReasonToChat(response.finishReason) }],
    usage: usageToChat(response.usage),
  };
}
