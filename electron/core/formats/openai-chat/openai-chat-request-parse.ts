/** A Chat Completions client body -> the canonical request. */
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  FunctionTool,
  JsonObject,
  TextContent,
  ToolChoice,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { leftoverFields } from '../../canonical/json-values.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseWithSchema } from '../parse-with-schema.js';
import type { ParseRequestOptions } from '../wire-format.js';
import { chatMetadata } from './openai-chat-json.js';
import { fileSourceFromFileData, mediaSourceFromUrl } from './openai-chat-media.js';
import {
  chatRequestSchema,
  mappedRequestFields,
  type ChatMessage,
  type ChatRequest,
  type ChatTool,
  type ChatToolChoice,
  type ChatUserPart,
} from './openai-chat-schema.js';

type SystemMessage = Extract<ChatMessage, { role: 'system' | 'developer' }>;
type UserMessage = Extract<ChatMessage, { role: 'user' }>;
type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
type ToolMessage = Extract<ChatMessage, { role: 'tool' }>;
type TextPart = SystemMessage['content'][number];

const emptyParameters: JsonObject = { type: 'object', properties: {} };

// The fields each part maps; the others ride in providerMetadata.
const textPartKeys: ReadonlySet<string> = new Set(['type', 'text']);
const messageKeys: ReadonlySet<string> = new Set(['role', 'content']);
const imagePartKeys: ReadonlySet<string> = new Set(['type', 'image_url']);
const imageUrlKeys: ReadonlySet<string> = new Set(['url']);
const filePartKeys: ReadonlySet<string> = new Set(['type', 'file']);
const fileKeys: ReadonlySet<string> = new Set(['file_data', 'filename']);
const toolCallKeys: ReadonlySet<string> = new Set(['id', 'type', 'function', 'custom']);
const callFunctionKeys: ReadonlySet<string> = new Set(['name', 'arguments']);
const assistantMessageKeys: ReadonlySet<string> = new Set(['role', 'content', 'tool_calls', 'reasoning_content']);
const toolMessageKeys: ReadonlySet<string> = new Set(['role', 'tool_call_id', 'content']);
const toolKeys: ReadonlySet<string> = new Set(['type', 'function']);
const toolFunctionKeys: ReadonlySet<string> = new Set(['name', 'description', 'parameters', 'strict']);

export function parseOpenAiChatRequest(body: unknown, options: ParseRequestOptions): CanonicalRequest {
  const chat = parseWithSchema(chatRequestSchema, body);
  const model = options.model ?? chat.model;
  if (!model) throw new BadRequestError('Invalid request body: model: a model name is required', 'model');

  const system: TextContent[] = [];
  const messages: CanonicalMessage[] = [];
  // Tool results name no tool in Chat; remember the calls so results can (Gemini needs the name).
  const toolNamesById = new Map<string, string>();
  for (const message of chat.messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        appendSystem(system, message);
        break;
      case 'user':
        messages.push(toUserMessage(message));
        break;
      case 'assistant':
        messages.push(toAssistantMessage(message, toolNamesById));
        break;
      case 'tool':
        appendToolResult(messages, message, toolNamesById);
        break;
    }
  }

  const request: CanonicalRequest = {
    model,
    system,
    messages,
    tools: (chat.tools ?? []).map(toCanonicalTool),
    stream: options.stream ?? chat.stream ?? false,
  };
  if (chat.tool_choice) request.toolChoice = toToolChoice(chat.tool_choice);
  if (typeof chat.parallel_tool_calls === 'boolean') request.parallelToolCalls = chat.parallel_tool_calls;
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (maxTokens != null) request.maxOutputTokens = maxTokens;
  if (chat.temperature != null) request.temperature = chat.temperature;
  if (chat.top_p != null) request.topP = chat.top_p;
  // top_k is a common extension, not Chat: keep it for other formats and, verbatim, in metadata.
  if (chat.top_k != null) request.topK = chat.top_k;
  const stop = toStopSequences(chat.stop);
  if (stop) request.stopSequences = stop;
  if (chat.reasoning_effort) request.reasoning = { effort: chat.reasoning_effort };
  if (typeof chat.stream_options?.include_usage === 'boolean') request.includeUsage = chat.stream_options.include_usage;
  if (chat.user) request.user = chat.user;
  const providerMetadata = chatMetadata(requestLeftovers(chat));
  if (providerMetadata) request.providerMetadata = providerMetadata;
  return request;
}

function requestLeftovers(chat: ChatRequest): JsonObject | undefined {
  return leftoverFields(chat, mappedRequestFields);
}

function toStopSequences(stop: ChatRequest['stop']): string[] | undefined {
  if (stop == null) return undefined;
  const sequences = typeof stop === 'string' ? [stop] : stop;
  return sequences.length > 0 ? sequences : undefined;
}

function withMetadata<Block extends { providerMetadata?: unknown }>(block: Block, fields: JsonObject | undefined): Block {
  const metadata = chatMetadata(fields);
  if (metadata) block.providerMetadata = metadata;
  return block;
}

function toTextContent(part: TextPart, messageFields?: JsonObject): TextContent {
  const partFields = leftoverFields(part, textPartKeys);
  const fields = messageFields || partFields ? { ...messageFields, ...partFields } : undefined;
  return withMetadata<TextContent>({ type: 'text', text: part.text }, fields);
}

/** System and developer messages become canonical system blocks; their own fields ride on each block. */
function appendSystem(system: TextContent[], message: SystemMessage): void {
  const messageFields = leftoverFields(message, messageKeys) ?? {};
  if (message.role === 'developer') messageFields.role = 'developer';
  const fields = Object.keys(messageFields).length > 0 ? messageFields : undefined;
  for (const part of message.content) system.push(toTextContent(part, fields));
}

function toUserContent(part: ChatUserPart): UserContent {
  switch (part.type) {
    case 'text':
      return toTextContent(part);
    case 'image_url': {
      const fields = leftoverFields(part, imagePartKeys);
      const imageFields = leftoverFields(part.image_url, imageUrlKeys);
      return withMetadata<UserContent>(
        { type: 'image', source: mediaSourceFromUrl(part.image_url.url) },
        imageFields ? { ...fields, image_url: imageFields } : fields,
      );
    }
    case 'file': {
      const fields = leftoverFields(part, filePartKeys);
      const fileFields = leftoverFields(part.file, fileKeys);
      const block: UserContent = { type: 'file', source: fileSourceFromFileData(part.file.file_data, part.file.filename) };
      if (part.file.filename !== undefined) block.filename = part.file.filename;
      return withMetadata(block, fileFields ? { ...fields, file: fileFields } : fields);
    }
  }
}

function toUserMessage(message: UserMessage): CanonicalMessage {
  return withMetadata<CanonicalMessage>(
    { role: 'user', content: message.content.map(toUserContent) },
    leftoverFields(message, messageKeys),
  );
}

function toAssistantMessage(message: AssistantMessage, toolNamesById: Map<string, string>): CanonicalMessage {
  const content: AssistantContent[] = [];
  if (message.reasoning_content) content.push({ type: 'reasoning', text: message.reasoning_content });
  for (const part of message.content ?? []) {
    // `content: ""` beside tool calls is common and means no text; Claude rejects empty text blocks.
    if (part.type === 'text') {
      if (part.text) content.push(toTextContent(part));
    } else {
      content.push(withMetadata<TextContent>({ type: 'text', text: part.refusal }, { type: 'refusal' }));
    }
  }
  for (const call of message.tool_calls ?? []) {
    const fields = leftoverFields(call, toolCallKeys);
    if (call.type === 'function') {
      const functionFields = leftoverFields(call.function, callFunctionKeys);
      toolNamesById.set(call.id, call.function.name);
      content.push(
        withMetadata<AssistantContent>(
          { type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments },
          functionFields ? { ...fields, function: functionFields } : fields,
        ),
      );
    } else {
      toolNamesById.set(call.id, call.custom.name);
      content.push(
        withMetadata<AssistantContent>(
          { type: 'tool-call', id: call.id, name: call.custom.name, arguments: call.custom.input, kind: 'custom' },
          fields,
        ),
      );
    }
  }
  return withMetadata<CanonicalMessage>(
    { role: 'assistant', content },
    leftoverFields(message, assistantMessageKeys),
  );
}

/** Consecutive Chat tool messages answer one assistant turn: they form one canonical tool message. */
function appendToolResult(messages: CanonicalMessage[], message: ToolMessage, toolNamesById: Map<string, string>): void {
  const result: ToolResultContent = {
    type: 'tool-result',
    toolCallId: message.tool_call_id,
    content: message.content.map((part) => toTextContent(part)),
  };
  const toolName = toolNamesById.get(message.tool_call_id);
  if (toolName !== undefined) result.toolName = toolName;
  withMetadata(result, leftoverFields(message, toolMessageKeys));
  const last = messages[messages.length - 1];
  if (last?.role === 'tool') last.content.push(result);
  else messages.push({ role: 'tool', content: [result] });
}

function toCanonicalTool(tool: ChatTool): CanonicalTool {
  switch (tool.type) {
    case 'function': {
      const fields = leftoverFields(tool, toolKeys);
      const functionFields = leftoverFields(tool.function, toolFunctionKeys);
      const canonical: FunctionTool = {
        type: 'function',
        name: tool.function.name,
        parameters: (tool.function.parameters as JsonObject | null | undefined) ?? emptyParameters,
      };
      if (tool.function.description != null) canonical.description = tool.function.description;
      if (tool.function.strict != null) canonical.strict = tool.function.strict;
      return withMetadata(canonical, functionFields ? { ...fields, function: functionFields } : fields);
    }
    case 'custom': {
      const canonical: CanonicalTool = { type: 'custom', name: tool.custom.name };
      if (tool.custom.description != null) canonical.description = tool.custom.description;
      if (tool.custom.format != null) canonical.format = tool.custom.format as JsonObject;
      return canonical;
    }
    case 'other':
      return { type: 'builtin', format: 'openai-chat', definition: tool.definition as JsonObject };
  }
}

function toToolChoice(choice: ChatToolChoice): ToolChoice {
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.type === 'function' ? choice.function.name : choice.custom.name };
}
