/**
 * Stop reasons and usage, both directions, shared by the stream mappers and the whole-response
 * mappers so the two never disagree. Anthropic's `input_tokens` excludes cache reads and writes;
 * canonical `inputTokens` includes them.
 */
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import type { JsonObject } from '../../canonical/canonical-request.js';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export function fromAnthropicStopReason(stopReason: string | null | undefined, sawToolUse: boolean): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'pause_turn':
      return 'pause';
    case 'refusal':
      return 'refusal';
    case null:
    case undefined:
      return sawToolUse ? 'tool-calls' : 'stop';
    default:
      return 'other';
  }
}

/**
 * `tool_use` only when a tool_use block was really sent (and always then, since some upstreams end a
 * tool turn with a plain stop), so SDK loops keyed on stop_reason behave.
 */
export function toAnthropicStopReason(
  finishReason: FinishReason,
  sawToolUse: boolean,
  stopSequence: string | undefined,
  rawFinishReason: string | undefined,
): AnthropicStopReason {
  switch (finishReason) {
    case 'stop':
      if (stopSequence !== undefined || rawFinishReason === 'stop_sequence') return 'stop_sequence';
      return sawToolUse ? 'tool_use' : 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return sawToolUse ? 'tool_use' : 'end_turn';
    case 'pause':
      return 'pause_turn';
    case 'refusal':
      return 'refusal';
    case 'content-filter':
    case 'error':
    case 'other':
      return sawToolUse ? 'tool_use' : 'end_turn';
  }
}

/** Running Anthropic-native counts; later reports replace earlier ones (they are cumulative). */
export interface AnthropicUsageCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export const emptyAnthropicUsage = (): AnthropicUsageCounts => ({ input: 0, output: 0, cacheRead: 0, cacheCreation: 0 });

/** Fold one upstream `usage` object (message_start or message_delta) into the counts. */
export function readAnthropicUsage(counts: AnthropicUsageCounts, usage: Record<string, unknown>): void {
  const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } = usage;
  if (typeof input_tokens === 'number') counts.input = input_tokens;
  if (typeof output_tokens === 'number') counts.output = output_tokens;
  if (typeof cache_read_input_tokens === 'number') counts.cacheRead = cache_read_input_tokens;
  if (typeof cache_creation_input_tokens === 'number') counts.cacheCreation = cache_creation_input_tokens;
}

export function canonicalUsageOf(counts: AnthropicUsageCounts): CanonicalUsage {
  return {
    inputTokens: counts.input + counts.cacheRead + counts.cacheCreation,
    outputTokens: counts.output,
    cachedInputTokens: counts.cacheRead,
    cacheCreationInputTokens: counts.cacheCreation,
  };
}

export function anthropicUsageOf(usage: CanonicalUsage): JsonObject {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheCreation = usage.cacheCreationInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheCreation),
    output_tokens: usage.outputTokens,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheCreation,
  };
}
