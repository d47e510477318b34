/**
 * The canonical request -> a Chat Completions body for an OpenAI-compatible upstream (Ollama,
 * LM Studio, gpt4free...). Plain strings are preferred wherever content is text only, because
 * the smaller local servers handle them best.
 */
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  ImageContent,
  JsonObject,
  JsonValue,
  TextContent,
  ToolChoice,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { isJsonObject } from '../../canonical/json-values.js';
import { budgetToEffort } from '../../canonical/reasoning-budget.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { chatFields } from './openai-chat-json.js';
import { mediaSourceToUrl } from './openai-chat-media.js';
import { mappedRequestFields } from './openai-chat-schema.js';

/** Separate canonical text blocks read as paragraphs once joined into one Chat string. */
const blockSeparator = '\n\n';

export function buildOpenAiChatRequest(request: CanonicalRequest, upstreamModel: string, _context: TranslationContext): JsonObject {
  const body: JsonObject = { model: upstreamModel, messages: buildMessages(request) };
  // Fields a Chat client sent that no canonical slot holds go back verbatim.
  const clientFields = chatFields(request.providerMetadata);
  if (clientFields) {
    for (const key of Object.keys(clientFields)) if (!mappedRequestFields.has(key)) body[key] = clientFields[key];
  }

  const tools = buildTools(request.tools);
  if (tools.length > 0) {
    body.tools = tools;
    if (request.toolChoice) body.tool_choice = buildToolChoice(request.toolChoice, request.tools);
    // OpenAI rejects parallel_tool_calls without tools.
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stopSequences && request.stopSequences.length > 0) body.stop = request.stopSequences;
  const effort = request.reasoning?.effort ?? budgetEffort(request.reasoning?.budgetTokens);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (request.user !== undefined) body.user = request.user;
  if (request.stream) {
    body.stream = true;
    // Always ask for usage upstream: the usage ledger needs it even when the client did not.
    body.stream_options = { include_usage: true };
  }
  return body;
}

function budgetEffort(budget: number | undefined): string | undefined {
  return budget === undefined ? undefined : budgetToEffort(budget);
}

function buildMessages(request: CanonicalRequest): JsonObject[] {
  const messages: JsonObject[] = [];
  if (request.system.length > 0) {
    messages.push({ role: 'system', content: joinText(request.system) });
  }
  request.messages.forEach((message, index) => appendMessage(messages, message, index));
  return messages;
}

function appendMessage(messages: JsonObject[], message: CanonicalMessage, index: number): void {
  const fields = chatFields(message.providerMetadata);
  switch (message.role) {
    case 'user':
      messages.push({ ...fields, role: 'user', content: buildUserContent(message.content, index) });
      return;
    case 'assistant':
      messages.push(buildAssistantMessage(message.content, fields));
      return;
    case 'tool':
      appendToolMessages(messages, message.content);
      return;
  }
}

function joinText(blocks: readonly TextContent[]): string {
  return blocks.length === 1 ? blocks[0].text : blocks.map((block) => block.text).join(blockSeparator);
}

/** Text blocks with no Chat-specific fields can travel as one plain string. */
function isPlainText(block: UserContent | AssistantContent | TextContent | ImageContent): block is TextContent {
  return block.type === 'text' && chatFields(block.providerMetadata) === undefined;
}

/** Not a type guard on purpose: a false answer must not narrow the array to `never`. */
function allPlainText(blocks: ReadonlyArray<UserContent | TextContent>): boolean {
  return blocks.every(isPlainText);
}

function textPart(block: TextContent): JsonObject {
  const fields = chatFields(block.providerMetadata);
  if (fields?.type === 'refusal') return { type: 'refusal', refusal: block.text };
  return { ...fields, type: 'text', text: block.text };
}

function imagePart(block: ImageContent): JsonObject {
  const fields = chatFields(block.providerMetadata);
  const imageFields = fields && isJsonObject(fields.image_url) ? fields.image_url : undefined;
  return { ...fields, type: 'image_url', image_url: { ...imageFields, url: mediaSourceToUrl(block.source) } };
}

function buildUserContent(content: UserContent[], messageIndex: number): JsonValue {
  if (allPlainText(content)) return joinText(content as TextContent[]);
  return content.map((block, blockIndex): JsonObject => {
    switch (block.type) {
      case 'text':
        return textPart(block);
      case 'image':
        return imagePart(block);
      case 'file': {
        if (block.source.kind !== 'base64') {
          throw new BadRequestError(
            'A file given by URL cannot be sent to an OpenAI Chat upstream; send the file data inline.',
            `messages[${messageIndex}].content[${blockIndex}]`,
          );
        }
        const fields = chatFields(block.providerMetadata);
        const fileFields = fields && isJsonObject(fields.file) ? fields.file : undefined;
        const file: JsonObject = { ...fileFields, file_data: mediaSourceToUrl(block.source) };
        if (block.filename !== undefined) file.filename = block.filename;
        return { ...fields, type: 'file', file };
      }
    }
  });
}

function buildAssistantMessage(content: AssistantContent[], fields: JsonObject | undefined): JsonObject {
  const texts: TextContent[] = [];
  const toolCalls: JsonObject[] = [];
  let reasoning = '';
  let plain = true;
  for (const block of content) {
    switch (block.type) {
      case 'text':
        texts.push(block);
        if (!isPlainText(block)) plain = false;
        break;
      // Signatures are dropped: a Chat upstream cannot verify another format's proof.
      case 'reasoning':
        reasoning += block.text;
        break;
      case 'tool-call':
        toolCalls.push(buildToolCall(block));
        break;
    }
  }
  const message: JsonObject = { ...fields, role: 'assistant' };
  if (texts.length > 0) message.content = plain ? joinText(texts) : texts.map(textPart);
  else message.content = toolCalls.length > 0 ? null : '';
  if (reasoning) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function buildToolCall(block: Extract<AssistantContent, { type: 'tool-call' }>): JsonObject {
  const fields = chatFields(block.providerMetadata);
  if (block.kind === 'custom') {
    return { ...fields, id: block.id, type: 'custom', custom: { name: block.name, input: block.arguments } };
  }
  const functionFields = fields && isJsonObject(fields.function) ? fields.function : undefined;
  return {
    ...fields,
    id: block.id,
    type: 'function',
    function: { ...functionFields, name: block.name, arguments: block.arguments },
  };
}

/**
 * One `role:"tool"` message per result, in order, right where the canonical tool turn sits (after
 * the assistant's tool_calls). Chat tool messages hold text only, so images a tool returned follow
 * in one user message.
 */
function appendToolMessages(messages: JsonObject[], results: ToolResultContent[]): void {
  const images: JsonObject[] = [];
  for (const result of results) {
    const texts: TextContent[] = [];
    for (const block of result.content) {
      if (block.type === 'text') texts.push(block);
      else images.push(imagePart(block));
    }
    const content: JsonValue = allPlainText(texts) ? joinText(texts) : texts.map(textPart);
    messages.push({ ...chatFields(result.providerMetadata), role: 'tool', tool_call_id: result.toolCallId, content });
  }
  if (images.length > 0) messages.push({ role: 'user', content: images });
}

function buildTools(tools: readonly CanonicalTool[]): JsonObject[] {
  const built: JsonObject[] = [];
  for (const tool of tools) {
    switch (tool.type) {
      case 'function': {
        const fields = chatFields(tool.providerMetadata);
        const functionFields = fields && isJsonObject(fields.function) ? fields.function : undefined;
        const definition: JsonObject = { ...functionFields, name: tool.name };
        if (tool.description !== undefined) definition.description = tool.description;
        definition.parameters = tool.parameters;
        if (tool.strict !== undefined) definition.strict = tool.strict;
        built.push({ ...fields, type: 'function', function: definition });
        break;
      }
      case 'custom': {
        const definition: JsonObject = { name: tool.name };
        if (tool.description !== undefined) definition.description = tool.description;
        if (tool.format !== undefined) definition.format = tool.format;
        built.push({ type: 'custom', custom: definition });
        break;
      }
      case 'builtin':
        // Another format's built-in (web search, code execution) means nothing to a Chat upstream.
        if (tool.format === 'openai-chat') built.push(tool.definition);
        break;
    }
  }
  return built;
}

function buildToolChoice(choice: ToolChoice, tools: readonly CanonicalTool[]): JsonValue {
  if (choice.type !== 'tool') return choice.type;
  const isCustom = tools.some((tool) => tool.type === 'custom' && tool.name === choice.name);
  return isCustom ? { type: 'custom', custom: { name: choice.name } } : { type: 'function', function: { name: choice.name } };
}
