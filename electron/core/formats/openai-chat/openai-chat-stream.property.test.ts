import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { AssistantContent, CanonicalRequest } from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import { finishReasons, type FinishReason } from '../../canonical/finish-reason.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { finishReasonFromChat, finishReasonToChat } from './openai-chat-finish-usage.js';
import { OpenAiChatStreamDecoder } from './openai-chat-stream-decoder.js';
import { OpenAiChatStreamEncoder } from './openai-chat-stream-encoder.js';

const deltas = fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 });
const block = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), deltas }),
  fc.record({ kind: fc.constant('reasoning' as const), deltas, signature: fc.option(fc.base64String({ maxLength: 12 }), { nil: undefined }) }),
  fc.record({
    kind: fc.constant('tool' as const),
    name: fc.string({ minLength: 1, maxLength: 12 }),
    custom: fc.boolean(),
    deltas: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 4 }),
  }),
);
const count = fc.integer({ min: 0, max: 100_000 });
const usage = fc.record({
  inputTokens: count,
  outputTokens: count,
  cachedInputTokens: fc.option(count, { nil: undefined }),
  reasoningTokens: fc.option(count, { nil: undefined }),
});

const partStream = fc
  .record({
    blocks: fc.array(block, { maxLength: 6 }),
    earlyUsage: fc.option(usage, { nil: undefined }),
    finalUsage: fc.option(usage, { nil: undefined }),
    finishReason: fc.constantFrom(...finishReasons.filter((reason) => reason !== 'error')),
  })
  .map(({ blocks, earlyUsage, finalUsage, finishReason }): CanonicalPart[] => {
    const parts: CanonicalPart[] = [{ type: 'response-start', id: 'msg_1', model: 'up', created: 42 }];
    blocks.forEach((entry, index) => {
      const id = entry.kind === 'tool' ? `toolu_${index}` : String(index);
      if (entry.kind === 'text') {
        parts.push({ type: 'text-start', id }, ...entry.deltas.map((delta): CanonicalPart => ({ type: 'text-delta', id, delta })), { type: 'text-end', id });
      } else if (entry.kind === 'reasoning') {
        parts.push({ type: 'reasoning-start', id }, ...entry.deltas.map((delta): CanonicalPart => ({ type: 'reasoning-delta', id, delta })));
        parts.push(entry.signature === undefined ? { type: 'reasoning-end', id } : { type: 'reasoning-end', id, signature: entry.signature });
      } else {
        parts.push(entry.custom ? { type: 'tool-input-start', id, toolName: entry.name, kind: 'custom' } : { type: 'tool-input-start', id, toolName: entry.name });
        parts.push(...entry.deltas.map((delta): CanonicalPart => ({ type: 'tool-input-delta', id, delta })), { type: 'tool-input-end', id });
      }
    });
    if (earlyUsage) parts.push({ type: 'usage', usage: earlyUsage });
    parts.push(finalUsage ? { type: 'finish', finishReason, usage: finalUsage } : { type: 'finish', finishReason });
    return parts;
  });

/** Chat has no block boundaries for text or reasoning, and no signatures: compare what it can carry. */
function carried(content: AssistantContent[]) {
  const merged: Array<{ type: string; text?: string; id?: string; name?: string; arguments?: string; kind?: string }> = [];
  for (const entry of content) {
    if (entry.type === 'tool-call') {
      merged.push({ type: 'tool-call', id: entry.id, name: entry.name, arguments: entry.arguments, kind: entry.kind ?? 'function' });
      continue;
    }
    if (!entry.text) continue;
    const last = merged.at(-1);
    if (last?.type === entry.type) last.text += entry.text;
    else merged.push({ type: entry.type, text: entry.text });
  }
  return merged;
}

const usageCounts = (response: CanonicalResponse) => ({
  inputTokens: response.usage.inputTokens,
  outputTokens: response.usage.outputTokens,
  cachedInputTokens: response.usage.cachedInputTokens ?? 0,
  reasoningTokens: response.usage.reasoningTokens ?? 0,
});

function expectedFinish(reason: FinishReason, hasToolCalls: boolean): FinishReason {
  const throughChat = finishReasonFromChat(finishReasonToChat(reason));
  return throughChat === 'stop' && hasToolCalls ? 'tool-calls' : throughChat;
}

const request: CanonicalRequest = { model: 'm', system: [], messages: [], tools: [], stream: true, includeUsage: true };
const defaults = { id: '', model: '', created: 0 };

describe('openai-chat stream properties', () => {
  it('encoder -> decoder re-assembles the same content, tool calls, finish and usage', () => {
    fc.assert(
      fc.property(partStream, (parts) => {
        const encoder = new OpenAiChatStreamEncoder(request, createFixedContext('client'));
        const frames = parts.flatMap((part) => encoder.push(part));
        expect(frames.at(-1)).toEqual({ data: '[DONE]' });

        const decoder = new OpenAiChatStreamDecoder(createFixedContext('client'));
        const decoded = [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
        expect(decoded.filter((part) => part.type === 'finish')).toHaveLength(1);
        expect(decoded.some((part) => part.type === 'error')).toBe(false);

        const original = aggregateParts(parts, defaults);
        const roundTripped = aggregateParts(decoded, defaults);
        expect(carried(roundTripped.content)).toEqual(carried(original.content));
        const hasToolCalls = original.content.some((entry) => entry.type === 'tool-call');
        expect(roundTripped.finishReason).toBe(expectedFinish(original.finishReason, hasToolCalls));
        expect(usageCounts(roundTripped)).toEqual(usageCounts(original));
        expect(roundTripped.id).toBe('chatcmpl-msg_1');
        expect(roundTripped.created).toBe(42);
      }),
      { numRuns: 200 },
    );
  });

  it('every frame before [DONE] is one JSON chunk object, and an error ends the stream without [DONE]', () => {
    fc.assert(
      fc.property(partStream, fc.nat(), (parts, cut) => {
        const at = 1 + (cut % parts.length);
        const withError: CanonicalPart[] = [
          ...parts.slice(0, at),
          { type: 'error', error: { code: 'upstream_error', message: 'cut', status: 502, retryable: false } },
          ...parts.slice(at),
        ];
        const encoder = new OpenAiChatStreamEncoder(request, createFixedContext('client'));
        const frames = withError.flatMap((part) => encoder.push(part));
        const last = frames.at(-1);
        const finishedFirst = parts.slice(0, at).some((part) => part.type === 'finish');
        if (finishedFirst) expect(last).toEqual({ data: '[DONE]' });
        else expect(JSON.parse(last?.data ?? '')).toMatchObject({ error: { message: 'cut', type: 'server_error' } });
        for (const frame of frames.slice(0, -1)) expect(typeof JSON.parse(frame.data)).toBe('object');
      }),
      { numRuns: 200 },
    );
  });
});
