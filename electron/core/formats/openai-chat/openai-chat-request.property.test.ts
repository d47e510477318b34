import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  reasoningEfforts,
  type AssistantContent,
  type CanonicalMessage,
  type CanonicalRequest,
  type FunctionTool,
  type JsonObject,
  type TextContent,
  type ToolChoice,
  type UserContent,
} from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { buildOpenAiChatRequest, parseOpenAiChatRequest } from './openai-chat-request.js';

const numRuns = 200;
const text = fc.string({ maxLength: 40 });
const textBlock = text.map((value): TextContent => ({ type: 'text', text: value }));
const image = fc.oneof(
  fc
    .record({ mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp'), data: fc.base64String({ minLength: 4, maxLength: 24 }) })
    .map(({ mediaType, data }): UserContent => ({ type: 'image', source: { kind: 'base64', mediaType, data } })),
  fc.webUrl().map((url): UserContent => ({ type: 'image', source: { kind: 'url', url } })),
);
const userMessage = fc
  .array(fc.oneof({ weight: 3, arbitrary: textBlock }, { weight: 1, arbitrary: image }), { maxLength: 4 })
  .map((content): CanonicalMessage => ({ role: 'user', content }));

/** An assistant turn; when it calls tools, the canonical tool turn answering them follows. */
const assistantTurn = (turn: number) =>
  fc
    .record({
      reasoning: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
      texts: fc.array(textBlock, { maxLength: 2 }),
      calls: fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), arguments: fc.json({ maxDepth: 2 }) }), { maxLength: 3 }),
      results: fc.array(fc.array(textBlock, { maxLength: 2 }), { minLength: 3, maxLength: 3 }),
    })
    .map(({ reasoning, texts, calls, results }): CanonicalMessage[] => {
      const content: AssistantContent[] = [];
      if (reasoning !== undefined) content.push({ type: 'reasoning', text: reasoning, signature: 'sig', signatureFormat: 'anthropic-messages' });
      content.push(...texts);
      const ids = calls.map((_call, index) => `call_${turn}_${index}`);
      calls.forEach((call, index) => content.push({ type: 'tool-call', id: ids[index], name: call.name, arguments: call.arguments }));
      const messages: CanonicalMessage[] = [{ role: 'assistant', content }];
      if (calls.length > 0) {
        messages.push({
          role: 'tool',
          content: ids.map((id, index) => ({ type: 'tool-result', toolCallId: id, content: results[index] })),
        });
      }
      return messages;
    });

const messages = fc
  .array(fc.boolean(), { minLength: 1, maxLength: 6 })
  .chain((kinds) => fc.tuple(...kinds.map((isUser, turn) => (isUser ? userMessage.map((message) => [message]) : assistantTurn(turn)))))
  .map((turns) => turns.flat());

const tools = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 3 }).chain((names) =>
  fc.tuple(
    ...names.map((name) =>
      fc
        .record({
          description: fc.option(text, { nil: undefined }),
          strict: fc.option(fc.boolean(), { nil: undefined }),
          properties: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom({ type: 'string' }, { type: 'number' }), { maxKeys: 3 }),
        })
        .map(({ description, strict, properties }): FunctionTool => {
          const tool: FunctionTool = { type: 'function', name, parameters: { type: 'object', properties } as JsonObject };
          if (description !== undefined) tool.description = description;
          if (strict !== undefined) tool.strict = strict;
          return tool;
        }),
    ),
  ),
);

const canonicalRequest = fc
  .record({
    system: fc.array(textBlock, { maxLength: 3 }),
    messages,
    tools,
    choice: fc.constantFrom('auto', 'none', 'required', 'tool', undefined),
    parallelToolCalls: fc.option(fc.boolean(), { nil: undefined }),
    maxOutputTokens: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }),
    temperature: fc.option(fc.integer({ min: 0, max: 200 }).map((value) => value / 100), { nil: undefined }),
    topP: fc.option(fc.integer({ min: 0, max: 100 }).map((value) => value / 100), { nil: undefined }),
    stopSequences: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    effort: fc.option(fc.constantFrom(...reasoningEfforts), { nil: undefined }),
    user: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
    stream: fc.boolean(),
  })
  .map((value): CanonicalRequest => {
    const request: CanonicalRequest = { model: 'client-model', system: value.system, messages: value.messages, tools: value.tools, stream: value.stream };
    if (value.tools.length > 0 && value.choice !== undefined) {
      request.toolChoice = value.choice === 'tool' ? { type: 'tool', name: value.tools[0].name } : ({ type: value.choice } as ToolChoice);
    }
    if (value.tools.length > 0 && value.parallelToolCalls !== undefined) request.parallelToolCalls = value.parallelToolCalls;
    if (value.maxOutputTokens !== undefined) request.maxOutputTokens = value.maxOutputTokens;
    if (value.temperature !== undefined) request.temperature = value.temperature;
    if (value.topP !== undefined) request.topP = value.topP;
    if (value.stopSequences !== undefined) request.stopSequences = value.stopSequences;
    if (value.effort !== undefined) request.reasoning = { effort: value.effort };
    if (value.user !== undefined) request.user = value.user;
    return request;
  });

const joined = (blocks: ReadonlyArray<{ type: string; text?: string }>, separator = '\n\n') =>
  blocks
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join(separator);

/** The fields a Chat round trip must keep; text is compared joined because Chat merges text blocks. */
function meaning(request: CanonicalRequest) {
  return {
    system: joined(request.system),
    messages: request.messages.map((message) => {
      switch (message.role) {
        case 'user':
          return { role: 'user', text: joined(message.content), images: message.content.filter((block) => block.type === 'image') };
        case 'assistant':
          return {
            role: 'assistant',
            text: joined(message.content),
            reasoning: message.content.map((block) => (block.type === 'reasoning' ? block.text : '')).join(''),
            toolCalls: message.content.flatMap((block) => (block.type === 'tool-call' ? [{ id: block.id, name: block.name, arguments: block.arguments }] : [])),
          };
        case 'tool':
          return { role: 'tool', results: message.content.map((result) => ({ id: result.toolCallId, text: joined(result.content) })) };
      }
    }),
    tools: request.tools,
    toolChoice: request.toolChoice,
    parallelToolCalls: request.parallelToolCalls,
    maxOutputTokens: request.maxOutputTokens,
    temperature: request.temperature,
    topP: request.topP,
    stopSequences: request.stopSequences,
    effort: request.reasoning?.effort,
    user: request.user,
    stream: request.stream,
  };
}

describe('openai-chat request properties', () => {
  it('canonical -> build -> JSON -> parse keeps roles, text, tool calls, results, tools and settings', () => {
    fc.assert(
      fc.property(canonicalRequest, (request) => {
        const body = JSON.parse(JSON.stringify(buildOpenAiChatRequest(request, 'upstream-model', createFixedContext())));
        const parsed = parseOpenAiChatRequest(body, {});
        expect(parsed.model).toBe('upstream-model');
        expect(meaning(parsed)).toEqual(meaning(request));
        if (request.stream) expect(parsed.includeUsage).toBe(true);
      }),
      { numRuns },
    );
  });

  const validBody = {
    model: 'm',
    messages: [
      { role: 'system', content: 'sys' },
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c', content: 'ok' },
    ],
    tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    tool_choice: 'auto',
    max_tokens: 10,
    temperature: 1,
    stop: ['x'],
  };

  function parsesOrRejectsCleanly(body: unknown): void {
    try {
      parseOpenAiChatRequest(body, {});
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).status).toBe(400);
    }
  }

  it('any value at all either parses or fails with a BadRequestError', () => {
    fc.assert(fc.property(fc.anything(), parsesOrRejectsCleanly), { numRuns });
  });

  it('a valid body with one field replaced by arbitrary JSON parses or fails with a BadRequestError', () => {
    const topLevel = Object.keys(validBody);
    const messageFields = ['role', 'content', 'tool_calls', 'tool_call_id', 'name', 'reasoning_content'];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ key: fc.constantFrom(...topLevel), value: fc.jsonValue() }).map(({ key, value }) => ({ ...validBody, [key]: value })),
          fc
            .record({ index: fc.nat({ max: 3 }), key: fc.constantFrom(...messageFields), value: fc.jsonValue() })
            .map(({ index, key, value }) => ({
              ...validBody,
              messages: validBody.messages.map((message, position) => (position === index ? { ...message, [key]: value } : message)),
            })),
        ),
        parsesOrRejectsCleanly,
      ),
      { numRuns },
    );
  });
});
