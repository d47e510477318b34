/**
 * Finish reasons, usage and ids in Chat terms, shared by the stream and the whole-response mappers
 * so that both shapes always agree.
 */
import type { JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import { isRecord } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { ChatFinishReason } from './openai-chat-schema.js';

export function finishReasonFromChat(raw: string): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/** Chat clients know only four reasons; pause, refusal, error and other read as a plain stop. */
export function finishReasonToChat(reason: FinishReason): ChatFinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}

/** Reads a Chat `usage` object; undefined when it is absent or carries no counts. */
export function usageFromChat(value: unknown): Partial<CanonicalUsage> | undefined {
  if (!isRecord(value)) return undefined;
  const usage: Partial<CanonicalUsage> = {};
  let found = false;
  if (typeof value.prompt_tokens === 'number') {
    usage.inputTokens = value.prompt_tokens;
    found = true;
  }
  if (typeof value.completion_tokens === 'number') {
    usage.outputTokens = value.completion_tokens;
    found = true;
  }
  const promptDetails = value.prompt_tokens_details;
  if (isRecord(promptDetails) && typeof promptDetails.cached_tokens === 'number') {
    usage.cachedInputTokens = promptDetails.cached_tokens;
  }
  const completionDetails = value.completion_tokens_details;
  if (isRecord(completionDetails) && typeof completionDetails.reasoning_tokens === 'number') {
    usage.reasoningTokens = completionDetails.reasoning_tokens;
  }
  return found ? usage : undefined;
}

export function usageToChat(usage: CanonicalUsage): JsonObject {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

const chatIdPrefix = 'chatcmpl-';

/** Chat ids start with `chatcmpl-`; another format's id is kept inside one for tracing. */
export function toChatCompletionId(id: string | undefined, context: TranslationContext): string {
  if (!id) return context.newId(chatIdPrefix);
  return id.startsWith(chatIdPrefix) ? id : chatIdPrefix + id;
}
