import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  FunctionTool,
  JsonObject,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import { budgetToEffort } from '../../canonical/reasoning-budget.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { buildAnthropicMessagesRequest, parseAnthropicMessagesRequest } from './anthropic-messages-request.js';
import { AnthropicMessagesStreamDecoder } from './anthropic-messages-stream-decoder.js';
import { AnthropicMessagesStreamEncoder } from './anthropic-messages-stream-encoder.js';
import { toAnthropicToolId } from './anthropic-messages-tool-ids.js';

const numRuns = 200;

// --- generators -------------------------------------------------------------------------------------

const text = fc.string({ minLength: 1, maxLength: 30 }).filter((value) => value.trim() !== '');
const jsonArguments = fc
  .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
  .map((value) => JSON.stringify(value));
const signature = fc.base64String({ minLength: 4, maxLength: 40 }).filter((value) => value.length > 0);
const textContent = text.map((value) => ({ type: 'text' as const, text: value }));
const imageContent = fc.oneof(
  fc.record({ mediaType: fc.constantFrom('image/png', 'image/jpeg'), data: fc.base64String({ minLength: 4, maxLength: 20 }) }).map(
    ({ mediaType, data }) => ({ type: 'image' as const, source: { kind: 'base64' as const, mediaType, data } }),
  ),
  fc.webUrl().map((url) => ({ type: 'image' as const, source: { kind: 'url' as const, url } })),
);
const userContent: fc.Arbitrary<UserContent[]> = fc.array(fc.oneof({ weight: 4, arbitrary: textContent }, { weight: 1, arbitrary: imageContent }), {
  minLength: 1,
  maxLength: 3,
});

interface RoundShape {
  reasoning: AssistantContent[];
  text: AssistantContent[];
  calls: Array<{ name: string; arguments: string }>;
  results: Array<{ content: ToolResultContent['content']; isError: boolean }>;
  followUp: UserContent[] | null;
}

const round: fc.Arbitrary<RoundShape> = fc
  .record({
    reasoning: fc.array(
      fc.oneof(
        fc.record({ text: fc.string({ maxLength: 20 }), signature }).map(
          ({ text: thought, signature: signed }): AssistantContent => ({
            type: 'reasoning',
            text: thought,
            signature: signed,
            signatureFormat: 'anthropic-messages',
          }),
        ),
        signature.map((data): AssistantContent => ({ type: 'reasoning', text: '', redactedData: data })),
      ),
      { maxLength: 2 },
    ),
    text: fc.array(textContent, { maxLength: 2 }),
    calls: fc.array(fc.record({ name: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/), arguments: jsonArguments }), { maxLength: 3 }),
    followUp: fc.option(userContent, { nil: null }),
  })
  .chain((shape) =>
    fc
      .array(
        fc.record({ content: fc.array(fc.oneof({ weight: 4, arbitrary: textContent }, { weight: 1, arbitrary: imageContent }), { maxLength: 2 }), isError: fc.boolean() }),
        { minLength: shape.calls.length, maxLength: shape.calls.length },
      )
      .map((results) => ({ ...shape, results })),
  )
  .filter((shape) => shape.reasoning.length + shape.text.length + shape.calls.length > 0);

/** A conversation the Messages API can express: user first, roles alternating, every call answered. */
const conversation = fc
  .record({ first: userContent, rounds: fc.array(round, { maxLength: 3 }), ids: fc.uniqueArray(fc.string({ maxLength: 12 }), { minLength: 9, maxLength: 9 }) })
  .filter(({ ids }) => new Set(ids.map(toAnthropicToolId)).size === ids.length)
  .map(({ first, rounds, ids }) => {
    const messages: CanonicalMessage[] = [{ role: 'user', content: first }];
    let nextId = 0;
    rounds.forEach((shape, index) => {
      const last = messages[messages.length - 1];
      if (last.role === 'assistant') messages.push({ role: 'user', content: [{ type: 'text', text: `turn ${index}` }] });
      const calls = shape.calls.map((call) => ({ type: 'tool-call' as const, id: ids[nextId++], ...call }));
      messages.push({ role: 'assistant', content: [...shape.reasoning, ...shape.text, ...calls] });
      if (calls.length > 0) {
        messages.push({
          role: 'tool',
          content: calls.map((call, callIndex) => ({ type: 'tool-result', toolCallId: call.id, ...shape.results[callIndex] })),
        });
      }
      if (shape.followUp) messages.push({ role: 'user', content: shape.followUp });
    });
    return messages;
  });

const tools = fc.uniqueArray(
  fc.record(
    {
      name: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,15}$/),
      description: text,
      parameters: fc.constantFrom<JsonObject>(
        { type: 'object', properties: {} },
        { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      ),
    },
    { requiredKeys: ['name', 'parameters'] },
  ),
  { selector: (tool) => tool.name, maxLength: 3 },
);

const canonicalRequest: fc.Arbitrary<CanonicalRequest> = fc
  .record({
    system: fc.array(textContent, { maxLength: 2 }),
    messages: conversation,
    tools,
    choice: fc.constantFrom('auto', 'required', 'none', 'tool', undefined),
    parallelOff: fc.boolean(),
    maxOutputTokens: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }),
    sampling: fc.oneof(
      fc.record({ temperature: fc.double({ min: 0, max: 1, noNaN: true }), topK: fc.option(fc.nat(500), { nil: undefined }) }),
      fc.record({ topP: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ budget: fc.integer({ min: 1024, max: 128_000 }) }),
      fc.constant({}),
    ),
    stopSequences: fc.array(text, { maxLength: 3 }),
    user: fc.option(text, { nil: undefined }),
    stream: fc.boolean(),
  })
  .map((value) => {
    const request: CanonicalRequest = {
      model: 'client-model',
      system: value.system,
      messages: value.messages,
      tools: value.tools.map((tool): FunctionTool => ({ type: 'function', ...tool })),
      stream: value.stream,
    };
    if (value.tools.length > 0 && value.choice) {
      request.toolChoice = value.choice === 'tool' ? { type: 'tool', name: value.tools[0].name } : { type: value.choice };
    }
    if (value.tools.length > 0 && value.parallelOff && value.choice !== 'none') request.parallelToolCalls = false;
    if (value.maxOutputTokens !== undefined) request.maxOutputTokens = value.maxOutputTokens;
    if ('temperature' in value.sampling) request.temperature = value.sampling.temperature;
    if ('topK' in value.sampling && value.sampling.topK !== undefined) request.topK = value.sampling.topK;
    if ('topP' in value.sampling) request.topP = value.sampling.topP;
    if ('budget' in value.sampling) request.reasoning = { budgetTokens: value.sampling.budget, effort: budgetToEffort(value.sampling.budget) };
    if (value.stopSequences.length > 0) request.stopSequences = value.stopSequences;
    if (value.user !== undefined) request.user = value.user;
    return request;
  });

// --- comparison -------------------------------------------------------------------------------------

function meaningfulMessages(messages: CanonicalMessage[]) {
  return messages.map((message) => ({
    role: message.role,
    content: message.content.map((block) => {
      switch (block.type) {
        case 'tool-call':
          return { type: block.type, id: toAnthropicToolId(block.id), name: block.name, arguments: JSON.stringify(JSON.parse(block.arguments)) };
        case 'tool-result':
          return { type: block.type, toolCallId: toAnthropicToolId(block.toolCallId), content: block.content, isError: block.isError === true };
        default:
          return block;
      }
    }),
  }));
}

/** Thinking survives only where the API accepts it (see buildThinking). */
function expectedThinking(request: CanonicalRequest): boolean {
  if (!request.reasoning) return false;
  if (request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool') return false;
  const lastAssistant = request.messages.findLast((message) => message.role === 'assistant');
  if (!lastAssistant || !lastAssistant.content.some((block) => block.type === 'tool-call')) return true;
  const first = lastAssistant.content[0];
  return first.type === 'reasoning' && (first.redactedData !== undefined || first.signatureFormat === 'anthropic-messages');
}

describe('anthropic-messages properties', () => {
  it('canonical -> build -> parse keeps the meaningful fields', () => {
    fc.assert(
      fc.property(canonicalRequest, (request) => {
        const body = buildAnthropicMessagesRequest(request, 'claude-upstream', createFixedContext());
        const reparsed = parseAnthropicMessagesRequest(JSON.parse(JSON.stringify(body)), {});
        const thinking = expectedThinking(request);
        const budget = request.reasoning?.budgetTokens ?? 0;
        const maxTokens = request.maxOutputTokens ?? 32_000;

        expect(reparsed.model).toBe('claude-upstream');
        expect(meaningfulMessages(reparsed.messages)).toEqual(meaningfulMessages(request.messages));
        expect(reparsed.system).toEqual(request.system);
        expect(reparsed.tools).toEqual(request.tools);
        // parallelToolCalls:false alone travels as tool_choice {type:auto, disable_parallel_tool_use}.
        const impliedChoice = request.parallelToolCalls === false ? { type: 'auto' } : undefined;
        expect(reparsed.toolChoice).toEqual(request.toolChoice ?? impliedChoice);
        expect(reparsed.parallelToolCalls).toEqual(request.parallelToolCalls);
        expect(reparsed.maxOutputTokens).toBe(thinking && maxTokens <= budget ? budget + 1024 : maxTokens);
        expect(reparsed.reasoning).toEqual(thinking ? request.reasoning : undefined);
        expect(reparsed.temperature).toBe(request.temperature);
        expect(reparsed.topP).toBe(request.topP);
        expect(reparsed.topK).toBe(request.topK);
        expect(reparsed.stopSequences).toEqual(request.stopSequences);
        expect(reparsed.user).toBe(request.user);
        expect(reparsed.stream).toBe(request.stream);
      }),
      { numRuns },
    );
  });

  // A stream as an upstream decoder emits it: sequential blocks, then usage and finish.
  const block = fc.oneof(
    fc.record({ kind: fc.constant('text' as const), deltas: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 4 }) }),
    fc.record({
      kind: fc.constant('reasoning' as const),
      deltas: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }),
      signature: fc.option(signature, { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('redacted' as const), data: signature }),
    fc.record({
      kind: fc.constant('tool' as const),
      name: fc.string({ minLength: 1, maxLength: 10 }),
      arguments: fc.oneof(jsonArguments, fc.constant('')),
      cuts: fc.array(fc.nat(), { maxLength: 3 }),
    }),
  );
  const finishReason = fc.constantFrom<FinishReason>('stop', 'length', 'tool-calls', 'content-filter', 'pause', 'refusal', 'other');
  const usage = fc
    .record({ uncached: fc.nat(10_000), cached: fc.nat(10_000), written: fc.nat(1_000), output: fc.nat(10_000) })
    .map(({ uncached, cached, written, output }) => ({
      inputTokens: uncached + cached + written,
      outputTokens: output,
      cachedInputTokens: cached,
      cacheCreationInputTokens: written,
    }));

  const partStream = fc
    .record({ blocks: fc.array(block, { maxLength: 5 }), usage, finishReason, stopSequence: fc.option(text, { nil: undefined }), early: fc.boolean() })
    .map(({ blocks, usage: counts, finishReason: reason, stopSequence, early }) => {
      const parts: CanonicalPart[] = [{ type: 'response-start', id: 'msg_upstream', model: 'upstream-model', created: 5 }];
      if (early) parts.push({ type: 'usage', usage: { inputTokens: counts.inputTokens, outputTokens: 0 } });
      blocks.forEach((shape, index) => {
        const id = `b${index}`;
        if (shape.kind === 'text') {
          parts.push({ type: 'text-start', id }, ...shape.deltas.map((delta) => ({ type: 'text-delta' as const, id, delta })), { type: 'text-end', id });
        } else if (shape.kind === 'reasoning') {
          parts.push({ type: 'reasoning-start', id }, ...shape.deltas.map((delta) => ({ type: 'reasoning-delta' as const, id, delta })));
          parts.push(shape.signature ? { type: 'reasoning-end', id, signature: shape.signature, signatureFormat: 'anthropic-messages' } : { type: 'reasoning-end', id });
        } else if (shape.kind === 'redacted') {
          parts.push({ type: 'reasoning-start', id, redactedData: shape.data }, { type: 'reasoning-end', id });
        } else {
          const toolId = `toolu_${index}`;
          const points = [...new Set(shape.cuts.map((cut) => cut % (shape.arguments.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...points, shape.arguments.length].flatMap((start, at, all) =>
            at + 1 < all.length && all[at + 1] > start ? [shape.arguments.slice(start, all[at + 1])] : [],
          );
          parts.push(
            { type: 'tool-input-start', id: toolId, toolName: shape.name },
            ...pieces.map((delta) => ({ type: 'tool-input-delta' as const, id: toolId, delta })),
            { type: 'tool-input-end', id: toolId },
          );
        }
      });
      const finish: CanonicalPart = { type: 'finish', finishReason: reason, usage: counts };
      if (reason === 'stop' && stopSequence !== undefined) finish.stopSequence = stopSequence;
      parts.push(finish);
      return parts;
    });

  function expectedFinish(reason: FinishReason, hasTool: boolean, stopSequence: string | undefined): FinishReason {
    if (reason === 'length' || reason === 'pause' || reason === 'refusal') return reason;
    if (reason === 'stop' && stopSequence !== undefined) return 'stop';
    return hasTool ? 'tool-calls' : 'stop';
  }

  function normalized(response: CanonicalResponse) {
    return {
      content: response.content.map((entry) => (entry.type === 'tool-call' && entry.arguments === '' ? { ...entry, arguments: '{}' } : entry)),
      usage: { ...response.usage, cachedInputTokens: response.usage.cachedInputTokens ?? 0, cacheCreationInputTokens: response.usage.cacheCreationInputTokens ?? 0 },
    };
  }

  it('encoder -> decoder re-assembles the same content, tool calls, usage and finish', () => {
    fc.assert(
      fc.property(partStream, (parts) => {
        const encoder = new AnthropicMessagesStreamEncoder(createFixedContext('client-model'));
        const decoder = new AnthropicMessagesStreamDecoder(createFixedContext());
        const frames = parts.flatMap((part) => encoder.push(part));
        const decoded = frames.flatMap((frame) => decoder.push(frame)).concat(decoder.end());
        const defaults = { id: 'x', model: 'x', created: 0 };
        const original = aggregateParts(parts, defaults);
        const roundTripped = aggregateParts(decoded, defaults);
        expect(normalized(roundTripped)).toEqual(normalized(original));
        expect(roundTripped.id).toBe('msg_upstream');
        expect(roundTripped.model).toBe('client-model');
        const hasTool = original.content.some((entry) => entry.type === 'tool-call');
        expect(roundTripped.finishReason).toBe(expectedFinish(original.finishReason, hasTool, original.stopSequence));
        expect(roundTripped.stopSequence).toBe(original.stopSequence);
        expect(decoded.some((part) => part.type === 'error')).toBe(false);
      }),
      { numRuns },
    );
  });

  const validBody = {
    model: 'm',
    max_tokens: 10,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    tools: [{ name: 'f', input_schema: { type: 'object' } }],
  };
  const paths: Array<Array<string | number>> = [
    ['model'],
    ['max_tokens'],
    ['messages'],
    ['messages', 0],
    ['messages', 0, 'role'],
    ['messages', 0, 'content'],
    ['messages', 0, 'content', 0],
    ['messages', 0, 'content', 0, 'type'],
    ['messages', 0, 'content', 0, 'text'],
    ['tools'],
    ['tools', 0],
    ['tools', 0, 'input_schema'],
    ['system'],
    ['tool_choice'],
    ['thinking'],
    ['temperature'],
    ['stop_sequences'],
    ['metadata'],
  ];

  function mutate(path: Array<string | number>, value: unknown): unknown {
    const copy = JSON.parse(JSON.stringify(validBody)) as Record<string, unknown>;
    let target: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (next === null || typeof next !== 'object') return copy;
      target = next as Record<string | number, unknown>;
    }
    target[path[path.length - 1]] = value;
    return copy;
  }

  it('malformed bodies only ever fail with a BadRequestError', () => {
    const malformed = fc.oneof(
      fc.anything(),
      fc.jsonValue(),
      fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.anything())).map(([path, value]) => mutate(path, value)),
    );
    fc.assert(
      fc.property(malformed, (body) => {
        try {
          parseAnthropicMessagesRequest(body, {});
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequestError);
          expect((error as BadRequestError).status).toBe(400);
        }
      }),
      { numRuns },
    );
  });
});
