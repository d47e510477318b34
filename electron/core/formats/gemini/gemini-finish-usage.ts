/** Finish reasons and usage between Gemini and canonical, both ways (stream and whole response share these). */
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';

const contentFilterReasons: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

/** Every finishReason value of the Gemini API (the @google/genai FinishReason enum). */
const geminiFinishReasons: ReadonlySet<string> = new Set([
  'FINISH_REASON_UNSPECIFIED',
  'STOP',
  'MAX_TOKENS',
  'LANGUAGE',
  'OTHER',
  'MALFORMED_FUNCTION_CALL',
  'UNEXPECTED_TOOL_CALL',
  'TOO_MANY_TOOL_CALLS',
  ...contentFilterReasons,
]);

export function finishReasonFromGemini(reason: string, sawToolCall: boolean): FinishReason {
  if (reason === 'STOP') return sawToolCall ? 'tool-calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (contentFilterReasons.has(reason)) return 'content-filter';
  return 'other';
}

/** The upstream's own Gemini reason when it has one (a Gemini upstream), else the closest value. */
export function finishReasonToGemini(reason: FinishReason, rawFinishReason: string | undefined): string {
  if (rawFinishReason !== undefined && geminiFinishReasons.has(rawFinishReason)) return rawFinishReason;
  switch (reason) {
    case 'stop':
    case 'tool-calls':
    case 'pause':
      return 'STOP';
    case 'length':
      return 'MAX_TOKENS';
    case 'content-filter':
    case 'refusal':
      return 'SAFETY';
    default:
      return 'OTHER';
  }
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** usageMetadata -> canonical; output includes thoughts (Gemini counts them apart). */
export function usageFromGemini(metadata: unknown): CanonicalUsage | undefined {
  if (!isRecord(metadata)) return undefined;
  const prompt = count(metadata.promptTokenCount) ?? 0;
  const candidates = count(metadata.candidatesTokenCount) ?? 0;
  const thoughts = count(metadata.thoughtsTokenCount);
  const cached = count(metadata.cachedContentTokenCount);
  const usage: CanonicalUsage = { inputTokens: prompt, outputTokens: candidates + (thoughts ?? 0) };
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  if (cached !== undefined) usage.cachedInputTokens = cached;
  return usage;
}

export function usageToGemini(usage: CanonicalUsage): JsonObject {
  const thoughts = usage.reasoningTokens ?? 0;
  const metadata: JsonObject = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - thoughts),
  };
  if (usage.reasoningTokens !== undefined) metadata.thoughtsTokenCount = thoughts;
  metadata.totalTokenCount = usage.inputTokens + usage.outputTokens;
  if (usage.cachedInputTokens !== undefined) metadata.cachedContentTokenCount = usage.cachedInputTokens;
  return metadata;
}
