import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  JsonObject,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import type { FormatId } from '../../canonical/format-id.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { buildOpenAiResponsesRequest, parseOpenAiResponsesRequest } from './openai-responses-request.js';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder.js';
import { OpenAiResponsesStreamEncoder } from './openai-responses-stream-encoder.js';
import { decodedEventTypes } from './openai-responses-schema.js';

const runs = { numRuns: 200 };
const text = fc.string({ maxLength: 24 });
const toolName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,40}$/);
const jsonArguments = fc.json({ maxDepth: 2 });
const signature = fc.base64String({ minLength: 4, maxLength: 24 });

// ------------------------------------------------------------------ request round trip

const userBlock: fc.Arbitrary<UserContent> = fc.oneof(
  text.map((value): UserContent => ({ type: 'text', text: value })),
  fc.base64String({ maxLength: 16 }).map((data): UserContent => ({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data } })),
  fc.webPath().map((path): UserContent => ({ type: 'image', source: { kind: 'url', url: `https://example.com${path}` } })),
  fc.base64String({ maxLength: 16 }).map((data): UserContent => ({ type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data }, filename: 'a.pdf' })),
);

type Draft = { kind: 'text'; text: string } | { kind: 'reasoning'; text: string; signature: string } | { kind: 'call'; name: string; arguments: string; custom: boolean };
const assistantDraft: fc.Arbitrary<Draft> = fc.oneof(
  text.map((value): Draft => ({ kind: 'text', text: value })),
  fc.record({ text, signature }).map((value): Draft => ({ kind: 'reasoning', ...value })),
  fc.record({ name: toolName, arguments: jsonArguments, custom: fc.boolean() }).map((value): Draft => ({ kind: 'call', ...value })),
);

const resultContent = fc.array(
  fc.oneof(
    text.map((value): ToolResultContent['content'][number] => ({ type: 'text', text: value })),
    fc.webPath().map((path): ToolResultContent['content'][number] => ({ type: 'image', source: { kind: 'url', url: `https://example.com${path}` } })),
  ),
  { minLength: 1, maxLength: 3 },
);

const turn = fc.record({
  user: fc.array(userBlock, { maxLength: 3 }),
  assistant: fc.array(assistantDraft, { maxLength: 4 }),
  results: fc.array(resultContent, { minLength: 4, maxLength: 4 }),
});

interface TurnDraft {
  user: UserContent[];
  assistant: Draft[];
  results: Array<ToolResultContent['content']>;
}

function conversation(turns: TurnDraft[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [];
  turns.forEach((step, turnIndex) => {
    messages.push({ role: 'user', content: step.user });
    if (step.assistant.length === 0) return;
    const results: ToolResultContent[] = [];
    const content = step.assistant.map((draft, index): AssistantContent => {
      if (draft.kind === 'text') return { type: 'text', text: draft.text };
      if (draft.kind === 'reasoning') return { type: 'reasoning', text: draft.text, signature: draft.signature, signatureFormat: 'openai-responses' };
      const id = `call_${turnIndex}_${index}`;
      results.push({ type: 'tool-result', toolCallId: id, content: step.results[results.length] });
      return draft.custom ? { type: 'tool-call', id, name: draft.name, arguments: draft.arguments, kind: 'custom' } : { type: 'tool-call', id, name: draft.name, arguments: draft.arguments };
    });
    messages.push({ role: 'assistant', content });
    if (results.length > 0) messages.push({ role: 'tool', content: results });
  });
  return messages;
}

const tools: fc.Arbitrary<CanonicalTool[]> = fc
  .uniqueArray(
    fc.record({ name: toolName, custom: fc.boolean(), description: fc.option(text, { nil: undefined }), strict: fc.option(fc.boolean(), { nil: undefined }) }),
    { selector: (tool) => tool.name, maxLength: 4 },
  )
  .map((list) =>
    list.map((tool): CanonicalTool => {
      const base: CanonicalTool = tool.custom
        ? { type: 'custom', name: tool.name }
        : { type: 'function', name: tool.name, parameters: { type: 'object', properties: { q: { type: 'string' } } } };
      if (tool.description !== undefined) base.description = tool.description;
      if (tool.strict !== undefined && base.type === 'function') base.strict = tool.strict;
      return base;
    }),
  );

const canonicalRequest: fc.Arbitrary<CanonicalRequest> = fc
  .record({
    system: fc.array(text.map((value) => ({ type: 'text' as const, text: value })), { maxLength: 3 }),
    turns: fc.array(turn, { minLength: 1, maxLength: 3 }),
    tools,
    choice: fc.constantFrom('auto', 'none', 'required', 'tool', undefined),
    parallelToolCalls: fc.option(fc.boolean(), { nil: undefined }),
    effort: fc.constantFrom('minimal', 'low', 'medium', 'high', 'xhigh', undefined),
    maxOutputTokens: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    stopSequences: fc.option(fc.array(text, { maxLength: 2 }), { nil: undefined }),
  })
  .map((draft) => {
    const request: CanonicalRequest = { model: 'client-model', system: draft.system, messages: conversation(draft.turns), tools: draft.tools, stream: true };
    const first = draft.tools[0];
    if (draft.choice === 'tool') {
      if (first && first.type !== 'builtin') request.toolChoice = { type: 'tool', name: first.name };
    } else if (draft.choice) request.toolChoice = { type: draft.choice };
    if (draft.parallelToolCalls !== undefined) request.parallelToolCalls = draft.parallelToolCalls;
    if (draft.effort) request.reasoning = { effort: draft.effort };
    if (draft.maxOutputTokens !== undefined) request.maxOutputTokens = draft.maxOutputTokens;
    if (draft.temperature !== undefined) request.temperature = draft.temperature;
    if (draft.stopSequences !== undefined) request.stopSequences = draft.stopSequences;
    return request;
  });

/** The fields a round trip must keep, without per-format extras. */
function meaningful(messages: CanonicalMessage[]): unknown {
  return messages.map((message) => ({
    role: message.role,
    content: message.content.map((block) => {
      const { providerMetadata: _metadata, ...rest } = block as typeof block & { providerMetadata?: unknown; toolName?: string };
      if (rest.type === 'tool-result') {
        const { toolName: _name, ...result } = rest as ToolResultContent;
        return result;
      }
      return rest;
    }),
  }));
}

describe('Responses properties', () => {
  it('canonical -> build -> parse keeps roles, text, tool calls, results, system and tools', () => {
    fc.assert(
      fc.property(canonicalRequest, (original) => {
        const body = JSON.parse(JSON.stringify(buildOpenAiResponsesRequest(original, 'gpt-5-codex', createFixedContext()))) as unknown;
        const parsed = parseOpenAiResponsesRequest(body, {});
        expect(parsed.system).toEqual(original.system);
        expect(meaningful(parsed.messages)).toEqual(meaningful(original.messages));
        expect(parsed.tools).toEqual(original.tools.map((tool) => (tool.type === 'function' ? { ...tool, strict: tool.strict ?? false } : tool)));
        expect(parsed.toolChoice).toEqual(original.toolChoice ?? { type: 'auto' });
        expect(parsed.parallelToolCalls).toBe(original.parallelToolCalls ?? true);
        expect(parsed.reasoning?.effort).toBe(original.reasoning?.effort ?? 'medium');
        // The Codex backend refuses these (protocols.md §2), so they never reach it.
        expect(parsed.maxOutputTokens).toBeUndefined();
        expect(parsed.temperature).toBeUndefined();
        expect(parsed.stopSequences).toBeUndefined();
        expect(parsed.stream).toBe(true);
      }),
      runs,
    );
  });

  // ---------------------------------------------------------------- part streams

  const deltas = fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 });
  type Proof = { signature?: string; signatureFormat?: FormatId; redactedData?: string };
  type BlockSpec =
    | { kind: 'text'; deltas: string[] }
    | { kind: 'reasoning'; deltas: string[]; proof: Proof }
    | { kind: 'tool'; deltas: string[]; name: string; custom: boolean };
  const block: fc.Arbitrary<BlockSpec> = fc.oneof(
    deltas.map((list) => ({ kind: 'text' as const, deltas: list })),
    fc
      .record({
        deltas,
        proof: fc.oneof(
          fc.constant<Proof>({}),
          signature.map((value) => ({ signature: value, signatureFormat: 'openai-responses' as const })),
          signature.map((value) => ({ signature: value, signatureFormat: 'anthropic-messages' as const })),
          signature.map((value) => ({ signature: value, signatureFormat: 'gemini' as const })),
          signature.map((value) => ({ redactedData: value })),
        ),
      })
      .map((value) => ({ kind: 'reasoning' as const, ...value })),
    fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), deltas, custom: fc.boolean() }).map((value) => ({ kind: 'tool' as const, ...value })),
  );
  const usage = fc.record(
    { inputTokens: fc.nat(1e6), outputTokens: fc.nat(1e6), cachedInputTokens: fc.nat(1e5), reasoningTokens: fc.nat(1e5) },
    { requiredKeys: ['inputTokens', 'outputTokens'] },
  );

  function blockParts(spec: BlockSpec, index: number): CanonicalPart[] {
    const id = `b${index}`;
    if (spec.kind === 'text') {
      return [{ type: 'text-start', id }, ...spec.deltas.map((delta): CanonicalPart => ({ type: 'text-delta', id, delta })), { type: 'text-end', id }];
    }
    if (spec.kind === 'reasoning') {
      const { deltas: list, proof } = spec;
      const start: CanonicalPart = proof.redactedData === undefined ? { type: 'reasoning-start', id } : { type: 'reasoning-start', id, redactedData: proof.redactedData };
      const end: CanonicalPart = { type: 'reasoning-end', id };
      if (proof.signature !== undefined) end.signature = proof.signature;
      if (proof.signatureFormat !== undefined) end.signatureFormat = proof.signatureFormat;
      return [start, ...list.map((delta): CanonicalPart => ({ type: 'reasoning-delta', id, delta })), end];
    }
    const { deltas: list, name, custom } = spec;
    const callId = `call_${index}`;
    return [
      custom ? { type: 'tool-input-start', id: callId, toolName: name, kind: 'custom' } : { type: 'tool-input-start', id: callId, toolName: name },
      ...list.map((delta): CanonicalPart => ({ type: 'tool-input-delta', id: callId, delta })),
      { type: 'tool-input-end', id: callId },
    ];
  }

  /** Interleave the blocks' parts by a random schedule, each block keeping its own order. */
  function interleave(lists: CanonicalPart[][], schedule: number[]): CanonicalPart[] {
    const queues = lists.map((list) => [...list]).filter((list) => list.length > 0);
    const merged: CanonicalPart[] = [];
    let step = 0;
    while (queues.length > 0) {
      const pick = (schedule[step++ % Math.max(schedule.length, 1)] ?? 0) % queues.length;
      merged.push(queues[pick].shift() as CanonicalPart);
      if (queues[pick].length === 0) queues.splice(pick, 1);
    }
    return merged;
  }

  function normalized(response: CanonicalResponse): unknown {
    return {
      content: response.content.map((content) => {
        const { providerMetadata: _metadata, ...rest } = content;
        return rest;
      }),
      usage: {
        inputTokens: response.usage.inputTokens,
        outputTokens: response.usage.outputTokens,
        cachedInputTokens: response.usage.cachedInputTokens ?? 0,
        reasoningTokens: response.usage.reasoningTokens ?? 0,
      },
    };
  }

  it('encoded parts decode back to the same content, tool calls, usage and finish', () => {
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.option(usage, { nil: undefined }),
        fc.option(usage, { nil: undefined }),
        fc.constantFrom('stop', 'length', 'content-filter', 'tool-calls'),
        (blocks, schedule, earlyUsage, finalUsage, finishReason) => {
          const parts: CanonicalPart[] = [{ type: 'response-start', id: 'resp_up', model: 'up', created: 5 }];
          if (earlyUsage) parts.push({ type: 'usage', usage: earlyUsage });
          parts.push(...interleave(blocks.map(blockParts), schedule));
          parts.push(finalUsage ? { type: 'finish', finishReason, usage: finalUsage } : { type: 'finish', finishReason });

          const context = createFixedContext('client-model');
          const request: CanonicalRequest = { model: 'client-model', system: [], messages: [], tools: [], stream: true };
          const encoder = new OpenAiResponsesStreamEncoder(request, context);
          const decoder = new OpenAiResponsesStreamDecoder(context);
          const frames = parts.flatMap((part) => encoder.push(part));
          const decoded = [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];

          const defaults = { id: 'x', model: 'x', created: 0 };
          const expected = aggregateParts(parts, defaults);
          const actual = aggregateParts(decoded, defaults);
          expect(normalized(actual)).toEqual(normalized(expected));
          const hasTool = blocks.some((spec) => spec.kind === 'tool');
          const expectedFinish = finishReason === 'length' || finishReason === 'content-filter' ? finishReason : hasTool ? 'tool-calls' : 'stop';
          expect(actual.finishReason).toBe(expectedFinish);
          expect(decoded.some((part) => part.type === 'error')).toBe(false);
        },
      ),
      runs,
    );
  });

  // ---------------------------------------------------------------- hostile input

  const itemLike = fc.record(
    {
      type: fc.oneof(fc.constantFrom('message', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output', 'reasoning', 'web_search_call'), fc.anything()),
      role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'developer'), fc.anything()),
      content: fc.oneof(
        fc.string(),
        fc.anything(),
        fc.array(fc.record({ type: fc.oneof(fc.constantFrom('input_text', 'output_text', 'input_image', 'input_file', 'refusal'), fc.anything()), text: fc.anything(), image_url: fc.anything(), file_data: fc.anything() }, { requiredKeys: [] })),
      ),
      call_id: fc.oneof(fc.string(), fc.anything()),
      name: fc.oneof(fc.string(), fc.anything()),
      arguments: fc.oneof(fc.string(), fc.anything()),
      output: fc.oneof(fc.string(), fc.anything(), fc.array(fc.record({ type: fc.constantFrom('input_text', 'input_image', 'input_file'), text: fc.anything() }))),
      summary: fc.anything(),
      encrypted_content: fc.oneof(fc.string(), fc.anything()),
    },
    { requiredKeys: [] },
  );
  const bodyLike = fc.oneof(
    fc.anything(),
    fc.record(
      {
        model: fc.oneof(fc.constant('m'), fc.anything()),
        input: fc.oneof(fc.string(), fc.anything(), fc.array(fc.oneof(itemLike, fc.anything()), { maxLength: 4 })),
        tools: fc.oneof(fc.anything(), fc.array(fc.record({ type: fc.oneof(fc.constantFrom('function', 'custom', 'web_search'), fc.anything()), name: fc.anything(), parameters: fc.anything() }, { requiredKeys: [] }))),
        tool_choice: fc.anything(),
        reasoning: fc.anything(),
        temperature: fc.anything(),
        stream: fc.anything(),
        include: fc.anything(),
      },
      { requiredKeys: [] },
    ),
  );

  it('malformed bodies throw BadRequestError and nothing else; accepted ones build', () => {
    fc.assert(
      fc.property(bodyLike, (body) => {
        let request: CanonicalRequest | undefined;
        try {
          request = parseOpenAiResponsesRequest(body, {});
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequestError);
          return;
        }
        const built: JsonObject = buildOpenAiResponsesRequest(request, 'gpt-5-codex', createFixedContext());
        expect(built.store).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('the decoder never throws on arbitrary upstream frames', () => {
    const eventLike = fc.record(
      {
        type: fc.oneof(fc.constantFrom(...decodedEventTypes), fc.string()),
        output_index: fc.oneof(fc.nat(4), fc.anything()),
        content_index: fc.oneof(fc.nat(2), fc.anything()),
        summary_index: fc.oneof(fc.nat(2), fc.anything()),
        delta: fc.oneof(fc.string(), fc.anything()),
        item: fc.oneof(itemLike, fc.anything()),
        response: fc.anything(),
        part: fc.anything(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(eventLike.map((event) => JSON.stringify(event) ?? 'null'), fc.string()), { maxLength: 12 }), (datas) => {
        const decoder = new OpenAiResponsesStreamDecoder(createFixedContext());
        const parts = [...datas.flatMap((data) => decoder.push({ data })), ...decoder.end()];
        const terminal = parts.filter((part) => part.type === 'finish' || part.type === 'error');
        expect(terminal.length).toBe(1);
      }),
      runs,
    );
  });
});
