import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateParts, responseToParts } from '../../canonical/aggregate-parts.js';
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  FunctionTool,
  JsonObject,
  ToolChoice,
  UserContent,
} from '../../canonical/canonical-request.js';
import type { CanonicalResponse } from '../../canonical/canonical-response.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { buildGeminiRequest, parseGeminiRequest } from './gemini-request.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';
import { createGeminiStreamEncoder } from './gemini-stream-encoder.js';

const numRuns = 200;

const text = fc.string({ minLength: 1, maxLength: 20 });
const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/);
const base64 = fc.stringMatching(/^[A-Za-z0-9+/]{4,24}={0,2}$/);
const jsonArguments = fc
  .dictionary(identifier, fc.oneof(fc.integer(), text, fc.boolean(), fc.constant(null)), { maxKeys: 3 })
  .map((value) => JSON.stringify(value));

// ---------- canonical request -> Gemini body -> canonical request ----------

const userMessage: fc.Arbitrary<CanonicalMessage> = fc
  .array(
    fc.oneof(
      text.map((value): UserContent => ({ type: 'text', text: value })),
      base64.map((data): UserContent => ({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data } })),
      fc.webUrl().map((url): UserContent => ({ type: 'image', source: { kind: 'url', url, mediaType: 'image/jpeg' } })),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((content) => ({ role: 'user', content }));

interface Exchange {
  user: CanonicalMessage;
  reasoning: { text: string; signature: string } | null;
  answer: { text: string; signature: string | null } | null;
  calls: Array<{ name: string; arguments: string; result: string }>;
}

const exchange: fc.Arbitrary<Exchange> = fc.record({
  user: userMessage,
  reasoning: fc.option(fc.record({ text, signature: base64 })),
  answer: fc.option(fc.record({ text, signature: fc.option(base64) })),
  calls: fc.array(
    fc.record({ name: identifier, arguments: jsonArguments, result: fc.oneof(text, jsonArguments) }),
    { maxLength: 2 },
  ),
});

function toMessages(exchanges: Exchange[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [];
  exchanges.forEach((turn, turnIndex) => {
    messages.push(turn.user);
    const content: AssistantContent[] = [];
    if (turn.reasoning) content.push({ type: 'reasoning', text: turn.reasoning.text, signature: turn.reasoning.signature, signatureFormat: 'gemini' });
    if (turn.answer) {
      content.push(
        turn.answer.signature
          ? { type: 'text', text: turn.answer.text, providerMetadata: { gemini: { thoughtSignature: turn.answer.signature } } }
          : { type: 'text', text: turn.answer.text },
      );
    }
    turn.calls.forEach((call, index) => content.push({ type: 'tool-call', id: `call_${turnIndex}_${index}_x`, name: call.name, arguments: call.arguments }));
    if (content.length > 0) messages.push({ role: 'assistant', content });
    if (turn.calls.length > 0) {
      messages.push({
        role: 'tool',
        content: turn.calls.map((call, index) => ({ type: 'tool-result', toolCallId: `call_${turnIndex}_${index}_x`, content: [{ type: 'text', text: call.result }] })),
      });
    }
  });
  return messages;
}

const propertyType = fc.constantFrom('string', 'number', 'integer', 'boolean');
const functionTool: fc.Arbitrary<FunctionTool> = fc
  .record({
    name: identifier,
    description: fc.option(text, { nil: undefined }),
    properties: fc.dictionary(identifier, fc.record({ type: propertyType, description: fc.option(text, { nil: undefined }) }, { requiredKeys: ['type'] }), { maxKeys: 3 }),
    requireFirst: fc.boolean(),
  })
  .map(({ name, description, properties, requireFirst }) => {
    const parameters: JsonObject = { type: 'object', properties: properties as JsonObject };
    const first = Object.keys(properties)[0];
    if (requireFirst && first !== undefined) parameters.required = [first];
    const tool: FunctionTool = { type: 'function', name, parameters };
    if (description !== undefined) tool.description = description;
    return tool;
  });

const canonicalRequest: fc.Arbitrary<CanonicalRequest> = fc
  .record({
    system: fc.array(text.map((value) => ({ type: 'text' as const, text: value })), { maxLength: 2 }),
    exchanges: fc.array(exchange, { minLength: 1, maxLength: 3 }),
    tools: fc.uniqueArray(functionTool, { maxLength: 3, selector: (tool) => tool.name }),
    choice: fc.constantFrom('auto', 'none', 'required', 'tool', 'unset'),
    maxOutputTokens: fc.option(fc.integer({ min: 1, max: 65_536 }), { nil: undefined }),
    temperature: fc.option(fc.integer({ min: 0, max: 200 }).map((value) => value / 100), { nil: undefined }),
    topP: fc.option(fc.integer({ min: 0, max: 100 }).map((value) => value / 100), { nil: undefined }),
    stopSequences: fc.option(fc.array(text, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    effort: fc.option(fc.constantFrom('minimal', 'low', 'medium', 'high', 'xhigh', 'none'), { nil: undefined }),
  })
  .map((generated) => {
    const request: CanonicalRequest = {
      model: 'gemini-2.5-pro',
      system: generated.system,
      messages: toMessages(generated.exchanges),
      tools: generated.tools,
      stream: true,
    };
    let toolChoice: ToolChoice | undefined;
    if (generated.choice === 'tool') toolChoice = generated.tools[0] ? { type: 'tool', name: generated.tools[0].name } : undefined;
    else if (generated.choice !== 'unset') toolChoice = { type: generated.choice };
    if (toolChoice) request.toolChoice = toolChoice;
    if (generated.maxOutputTokens !== undefined) request.maxOutputTokens = generated.maxOutputTokens;
    if (generated.temperature !== undefined) request.temperature = generated.temperature;
    if (generated.topP !== undefined) request.topP = generated.topP;
    if (generated.stopSequences !== undefined) request.stopSequences = generated.stopSequences;
    if (generated.effort !== undefined) request.reasoning = { effort: generated.effort };
    return request;
  });

function asJsonObject(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Gemini turns alternate, so consecutive user messages travel as one content. */
function joinUserRuns(messages: CanonicalMessage[]): CanonicalMessage[] {
  const joined: CanonicalMessage[] = [];
  for (const message of messages) {
    const last = joined[joined.length - 1];
    if (last?.role === 'user' && message.role === 'user') joined[joined.length - 1] = { role: 'user', content: [...last.content, ...message.content] };
    else joined.push(message);
  }
  return joined;
}

/** The fields a Gemini round trip must keep. Plain-text tool results come back as Gemini's `{result}` object. */
function meaningful(request: CanonicalRequest) {
  return {
    system: request.system.map((block) => block.text),
    messages: joinUserRuns(request.messages).map((message) => ({
      role: message.role,
      content: message.content.map((block) => {
        switch (block.type) {
          case 'tool-call':
            return { type: block.type, id: block.id, name: block.name, arguments: block.arguments };
          case 'tool-result': {
            const resultText = block.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
            return { type: block.type, toolCallId: block.toolCallId, text: JSON.stringify(asJsonObject(resultText) ?? { result: resultText }) };
          }
          default:
            return block;
        }
      }),
    })),
    tools: request.tools,
    toolChoice: request.toolChoice,
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    topP: request.topP,
    stopSequences: request.stopSequences,
    effort: request.reasoning?.effort,
  };
}

describe('Gemini properties', () => {
  it('canonical -> buildRequest -> parseRequest keeps the meaningful fields', () => {
    fc.assert(
      fc.property(canonicalRequest, (request) => {
        const body = buildGeminiRequest(request, 'gemini-2.5-pro', createFixedContext());
        const parsed = parseGeminiRequest(JSON.parse(JSON.stringify(body)), { model: request.model, stream: true });
        expect(meaningful(parsed)).toEqual(meaningful(request));
      }),
      { numRuns },
    );
  });

  // ---------- canonical parts -> Gemini frames -> canonical parts ----------

  const signatureFormat = fc.constantFrom('gemini' as const, 'anthropic-messages' as const, 'openai-responses' as const);
  const block: fc.Arbitrary<AssistantContent> = fc.oneof(
    fc.record({ text, signature: fc.option(base64, { nil: undefined }) }).map(({ text: value, signature }): AssistantContent =>
      signature ? { type: 'text', text: value, providerMetadata: { gemini: { thoughtSignature: signature } } } : { type: 'text', text: value },
    ),
    fc
      .record({ text: fc.string({ maxLength: 20 }), signature: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }), format: signatureFormat })
      .filter(({ text: value, signature }) => value !== '' || signature !== undefined)
      .map(({ text: value, signature, format }): AssistantContent =>
        signature === undefined
          ? { type: 'reasoning', text: value }
          : { type: 'reasoning', text: value, signature: format === 'gemini' ? `G${signature.replace(/[^A-Za-z0-9]/g, '')}` : signature, signatureFormat: format },
      ),
    base64.map((data): AssistantContent => ({ type: 'reasoning', text: '', redactedData: data })),
    fc.record({ name: identifier, arguments: jsonArguments, signature: fc.option(base64, { nil: undefined }) }).map(
      ({ name, arguments: args, signature }): AssistantContent => ({
        type: 'tool-call',
        id: 'pending',
        name,
        arguments: args,
        ...(signature ? { providerMetadata: { gemini: { thoughtSignature: signature } } } : {}),
      }),
    ),
  );

  /** Gemini has no block boundaries: a text (or thought) continues until a signature ends it. */
  function unambiguous(content: AssistantContent[]): boolean {
    return content.every((current, index) => {
      const next = content[index + 1];
      if (!next) return true;
      if (current.type === 'text' && next.type === 'text') return current.providerMetadata !== undefined;
      if (current.type === 'reasoning' && next.type === 'reasoning' && next.redactedData === undefined) {
        return current.signature !== undefined || current.redactedData !== undefined;
      }
      return true;
    });
  }

  const canonicalResponse: fc.Arbitrary<CanonicalResponse> = fc
    .record({
      content: fc.array(block, { maxLength: 6 }).filter(unambiguous),
      inputTokens: fc.nat({ max: 100_000 }),
      outputTokens: fc.nat({ max: 10_000 }),
      reasoningShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      cachedInputTokens: fc.option(fc.nat({ max: 1_000 }), { nil: undefined }),
      endedBy: fc.constantFrom<FinishReason>('stop', 'length', 'content-filter'),
    })
    .map((generated) => {
      let calls = 0;
      const content = generated.content.map((entry) => (entry.type === 'tool-call' ? { ...entry, id: `call_${++calls}` } : entry));
      const usage: CanonicalResponse['usage'] = { inputTokens: generated.inputTokens, outputTokens: generated.outputTokens };
      if (generated.reasoningShare !== undefined) usage.reasoningTokens = Math.floor(generated.outputTokens * generated.reasoningShare);
      if (generated.cachedInputTokens !== undefined) usage.cachedInputTokens = generated.cachedInputTokens;
      const finishReason: FinishReason = calls > 0 && generated.endedBy === 'stop' ? 'tool-calls' : generated.endedBy;
      return { id: 'resp_x', model: 'm', created: 1, content, finishReason, usage };
    });

  it('parts encoded for a Gemini client decode back to the same content, calls, finish and usage', () => {
    fc.assert(
      fc.property(canonicalResponse, (response) => {
        const encoder = createGeminiStreamEncoder({ model: 'm', system: [], messages: [], tools: [], stream: true }, createFixedContext('m'));
        const decoder = createGeminiStreamDecoder(createFixedContext('m'));
        const frames = responseToParts(response).flatMap((part) => encoder.push(part));
        const parts = [...frames.flatMap((frame) => decoder.push(frame)), ...decoder.end()];
        const decoded = aggregateParts(parts, { id: '', model: '', created: 0 });
        expect(decoded.id).toBe(response.id);
        expect(decoded.content).toEqual(response.content);
        expect(decoded.finishReason).toBe(response.finishReason);
        expect(decoded.usage).toEqual(response.usage);
      }),
      { numRuns },
    );
  });

  // ---------- malformed bodies ----------

  const validBody = {
    contents: [
      { role: 'user', parts: [{ text: 'hi' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
      { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: true } } }] },
    ],
    systemInstruction: { parts: [{ text: 'sys' }] },
    tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'INTEGER' } } } }] }],
    toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    generationConfig: { temperature: 1, thinkingConfig: { thinkingBudget: 100 } },
  };
  const paths: Array<Array<string | number>> = [
    ['contents'],
    ['contents', 0],
    ['contents', 0, 'role'],
    ['contents', 0, 'parts'],
    ['contents', 0, 'parts', 0],
    ['contents', 0, 'parts', 0, 'text'],
    ['contents', 0, 'parts', 1, 'inlineData'],
    ['contents', 1, 'parts', 0, 'functionCall'],
    ['contents', 1, 'parts', 0, 'functionCall', 'args'],
    ['contents', 2, 'parts', 0, 'functionResponse', 'response'],
    ['systemInstruction'],
    ['tools'],
    ['tools', 0, 'functionDeclarations', 0, 'parameters'],
    ['toolConfig', 'functionCallingConfig'],
    ['generationConfig'],
    ['generationConfig', 'thinkingConfig', 'thinkingBudget'],
  ];
  const mutated = fc.record({ path: fc.constantFrom(...paths), value: fc.anything() }).map(({ path, value }) => {
    const body = structuredClone(validBody) as Record<string | number, unknown>;
    let node: Record<string | number, unknown> = body;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    node[path[path.length - 1]] = value;
    return body;
  });

  it('malformed bodies throw BadRequestError and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.object(), mutated, fc.record({ contents: fc.array(fc.anything()) })), (body) => {
        try {
          const request = parseGeminiRequest(body, { model: 'gemini-2.5-pro' });
          buildGeminiRequest(request, 'gemini-2.5-pro', createFixedContext());
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequestError);
        }
      }),
      { numRuns },
    );
  });
});
