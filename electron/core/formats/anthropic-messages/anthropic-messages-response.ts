/**
 * Whole (non-streamed) Messages bodies. parseResponse replays the body through the stream decoder and
 * aggregates the parts, and renderResponse shares the encoder's stop-reason, usage and signature
 * helpers, so the streamed and non-streamed mappings cannot drift apart.
 */
import { createPartAggregator } from '../../canonical/aggregate-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { TranslationError } from '../../errors/switchyard-error.js';
import { anthropicUsageOf, toAnthropicStopReason } from './anthropic-messages-finish-and-usage.js';
import { customToolInput, parseToolInput } from './anthropic-messages-json.js';
import { anthropicMessagesResponseSchema } from './anthropic-messages-schema.js';
import { encodeSignature } from './anthropic-messages-signature.js';
import { AnthropicMessagesStreamDecoder } from './anthropic-messages-stream-decoder.js';

/** Upstream message body -> canonical response. */
export function parseAnthropicMessagesResponse(body: unknown, context: TranslationContext): CanonicalResponse {
  const result = anthropicMessagesResponseSchema.safeParse(body);
  if (!result.success) throw new TranslationError('The upstream sent a Messages response that could not be read.', result.error);
  const message = result.data;
  const decoder = new AnthropicMessagesStreamDecoder(context);
  const aggregator = createPartAggregator({ id: message.id, model: message.model, created: context.nowSeconds() });
  const events: unknown[] = [{ type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null } }];
  message.content.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: block }, { type: 'content_block_stop', index });
  });
  events.push(
    { type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence ?? null }, usage: message.usage },
    { type: 'message_stop' },
  );
  for (const event of events) for (const part of decoder.pushEvent(event)) aggregator.push(part);
  return aggregator.result();
}

/** Canonical response -> the client's message body. */
export function renderAnthropicMessagesResponse(
  response: CanonicalResponse,
  _request: CanonicalRequest,
  context: TranslationContext,
): JsonObject {
  const content: JsonObject[] = [];
  let sawToolUse = false;
  for (const block of response.content) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text });
        break;
      case 'reasoning':
        content.push(
          block.redactedData !== undefined
            ? { type: 'redacted_thinking', data: block.redactedData }
            : { type: 'thinking', thinking: block.text, signature: encodeSignature(block.signature, block.signatureFormat) },
        );
        break;
      case 'tool-call':
        sawToolUse = true;
        content.push({
          type: 'tool_use',
          id: block.id,
          name: block.name,
          input: block.kind === 'custom' ? customToolInput(block.arguments) : parseToolInput(block.arguments),
        });
        break;
    }
  }
  const stopReason = toAnthropicStopReason(response.finishReason, sawToolUse, response.stopSequence, response.rawFinishReason);
  return {
    id: response.id.startsWith('msg_') ? response.id : context.newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: context.clientModel,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: anthropicUsageOf(response.usage),
  };
}
