/**
 * Responses `input` items -> canonical system text and messages. Consecutive assistant-side items
 * (reasoning, message, function_call) form one assistant message, consecutive tool outputs one tool
 * message. Items no canonical slot carries (web_search_call, item_reference, compaction, ...) are kept
 * in order on the preceding message's providerMetadata (`opaqueItems`, with the content position they
 * follow) so a Responses upstream gets them back.
 */
import type {
  AssistantContent,
  CanonicalMessage,
  FileContent,
  ImageContent,
  JsonObject,
  JsonValue,
  MediaSource,
  ReasoningContent,
  TextContent,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';
import {
  customToolCallItemSchema,
  functionCallItemSchema,
  messageContentSchema,
  messageItemSchema,
  reasoningItemSchema,
  toolCallOutputItemSchema,
  toolOutputContentSchema,
  type MessageContentPart,
} from './openai-responses-schema.js';
import { decodeEncryptedContent } from './openai-responses-reasoning-signature.js';
import { asJsonObject, asJsonValue, badRequest, validateAt } from './openai-responses-validation.js';

export interface ParsedInput {
  system: TextContent[];
  messages: CanonicalMessage[];
  /** Opaque items that came before any message. */
  leadingOpaqueItems: JsonObject[];
}

type AssistantMessage = Extract<CanonicalMessage, { role: 'assistant' }>;
type ToolMessage = Extract<CanonicalMessage, { role: 'tool' }>;

/** `data:<media type>;base64,<data>` -> base64 source; anything else is a URL. */
export function parseMediaUrl(url: string): MediaSource {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const header = comma > 0 ? url.slice(5, comma) : '';
    if (comma > 0 && header.endsWith(';base64')) {
      return { kind: 'base64', mediaType: header.slice(0, -7) || 'application/octet-stream', data: url.slice(comma + 1) };
    }
  }
  return { kind: 'url', url };
}

function guessFileMediaType(filename: string | null | undefined): string {
  return filename?.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream';
}

function fileIdMetadata(fileId: string, detail?: string | null): JsonObject {
  const metadata: JsonObject = { file_id: fileId };
  if (detail != null) metadata.detail = detail;
  return metadata;
}

function imageContent(part: Extract<MessageContentPart, { type: 'input_image' }>, path: string): ImageContent {
  if (part.image_url != null) {
    const image: ImageContent = { type: 'image', source: parseMediaUrl(part.image_url) };
    if (part.detail != null) image.providerMetadata = { 'openai-responses': { detail: part.detail } };
    return image;
  }
  // A stored OpenAI file: no canonical source; only a Responses upstream can resolve it.
  if (part.file_id != null) {
    return { type: 'image', source: { kind: 'url', url: part.file_id }, providerMetadata: { 'openai-responses': fileIdMetadata(part.file_id, part.detail) } };
  }
  throw badRequest(`${path}.image_url`, 'an input_image needs image_url or file_id');
}

function fileContent(part: Extract<MessageContentPart, { type: 'input_file' }>, path: string): FileContent {
  let file: FileContent;
  if (part.file_data != null) {
    const source = parseMediaUrl(part.file_data);
    file = {
      type: 'file',
      source: source.kind === 'base64' ? source : { kind: 'base64', mediaType: guessFileMediaType(part.filename), data: part.file_data },
    };
  } else if (part.file_url != null) {
    file = { type: 'file', source: { kind: 'url', url: part.file_url } };
  } else if (part.file_id != null) {
    file = { type: 'file', source: { kind: 'url', url: part.file_id }, providerMetadata: { 'openai-responses': fileIdMetadata(part.file_id) } };
  } else {
    throw badRequest(`${path}.file_data`, 'an input_file needs file_data, file_url or file_id');
  }
  if (part.filename != null) file.filename = part.filename;
  return file;
}

function contentParts(content: string | unknown[], path: string): MessageContentPart[] {
  if (typeof content === 'string') return [{ type: 'input_text', text: content }];
  return validateAt(messageContentSchema, content, `${path}.content`);
}

function partText(part: MessageContentPart): string | undefined {
  if (part.type === 'input_text' || part.type === 'output_text') return part.text;
  if (part.type === 'refusal') return part.refusal;
  return undefined;
}

function textOnly(parts: MessageContentPart[], path: string, role: string): string[] {
  return parts.map((part, index) => {
    const text = partText(part);
    if (text === undefined) throw badRequest(`${path}.content[${index}].type`, `${role} messages take text parts only`);
    return text;
  });
}

function userContent(parts: MessageContentPart[], path: string): UserContent[] {
  return parts.map((part, index): UserContent => {
    const partPath = `${path}.content[${index}]`;
    if (part.type === 'input_image') return imageContent(part, partPath);
    if (part.type === 'input_file') return fileContent(part, partPath);
    return { type: 'text', text: partText(part) ?? '' };
  });
}

class InputParser {
  readonly system: TextContent[] = [];
  readonly messages: CanonicalMessage[] = [];
  readonly leadingOpaqueItems: JsonObject[] = [];
  private readonly toolNames = new Map<string, string>();

  parseItem(item: unknown, path: string): void {
    if (!isRecord(item)) throw badRequest(path, 'expected an input item object');
    const type = item.type;
    if (type === undefined || type === 'message') return this.parseMessage(item, path);
    if (typeof type !== 'string') throw badRequest(`${path}.type`, 'expected a string');
    switch (type) {
      case 'function_call': {
        const call = validateAt(functionCallItemSchema, item, path);
        this.addToolCall(call.call_id, call.name, call.arguments, 'function', call.id);
        return;
      }
      case 'custom_tool_call': {
        const call = validateAt(customToolCallItemSchema, item, path);
        this.addToolCall(call.call_id, call.name, call.input, 'custom', call.id);
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
        return this.parseToolOutput(item, path);
      case 'reasoning':
        return this.parseReasoning(item, path);
      default:
        return this.addOpaque(asJsonObject(item));
    }
  }

  private parseMessage(item: Record<string, unknown>, path: string): void {
    const message = validateAt(messageItemSchema, item, path);
    const parts = contentParts(message.content, path);
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const text of textOnly(parts, path, message.role)) this.system.push({ type: 'text', text });
        return;
      case 'user':
        this.messages.push({ role: 'user', content: userContent(parts, path) });
        return;
      case 'assistant': {
        const metadata: JsonObject = {};
        if (message.id != null) metadata.itemId = message.id;
        if (message.phase != null) metadata.phase = message.phase;
        const hasMetadata = message.id != null || message.phase != null;
        const target = this.assistant();
        for (const text of textOnly(parts, path, 'assistant')) {
          const block: TextContent = { type: 'text', text };
          if (hasMetadata) block.providerMetadata = { 'openai-responses': { ...metadata } };
          target.content.push(block);
        }
        return;
      }
    }
  }

  private addToolCall(callId: string, name: string, input: string, kind: 'function' | 'custom', itemId?: string | null): void {
    const block: AssistantContent = { type: 'tool-call', id: callId, name, arguments: input };
    if (kind === 'custom') block.kind = 'custom';
    if (itemId != null) block.providerMetadata = { 'openai-responses': { itemId } };
    this.toolNames.set(callId, name);
    this.assistant().content.push(block);
  }

  private parseReasoning(item: Record<string, unknown>, path: string): void {
    const reasoning = validateAt(reasoningItemSchema, item, path);
    const summary = (reasoning.summary ?? []).map((part) => part.text).join('\n\n');
    const text = summary || (reasoning.content ?? []).map((part) => part.text).join('\n\n');
    const block: ReasoningContent = { type: 'reasoning', text };
    if (reasoning.encrypted_content != null) {
      const proof = decodeEncryptedContent(reasoning.encrypted_content);
      if (proof.signature !== undefined) block.signature = proof.signature;
      if (proof.signatureFormat !== undefined) block.signatureFormat = proof.signatureFormat;
      if (proof.redactedData !== undefined) block.redactedData = proof.redactedData;
    }
    if (reasoning.id != null) block.providerMetadata = { 'openai-responses': { itemId: reasoning.id } };
    this.assistant().content.push(block);
  }

  private parseToolOutput(item: Record<string, unknown>, path: string): void {
    const output = validateAt(toolCallOutputItemSchema, item, path);
    const result: ToolResultContent = { type: 'tool-result', toolCallId: output.call_id, content: [] };
    const metadata: JsonObject = {};
    if (typeof output.output === 'string') {
      result.content.push({ type: 'text', text: output.output });
    } else {
      const parts = validateAt(toolOutputContentSchema, output.output, `${path}.output`);
      parts.forEach((part, index) => {
        if (part.type === 'input_text' || part.type === 'output_text') result.content.push({ type: 'text', text: part.text });
        else if (part.type === 'input_image') result.content.push(imageContent(part, `${path}.output[${index}]`));
        // Files have no slot in a canonical tool result; keep the original parts for a Responses upstream.
        else metadata.output = asJsonValue(output.output);
      });
    }
    if (output.type === 'custom_tool_call_output') metadata.type = output.type;
    if (Object.keys(metadata).length > 0) result.providerMetadata = { 'openai-responses': metadata };
    const name = this.toolNames.get(output.call_id);
    if (name !== undefined) result.toolName = name;
    const last = this.messages.at(-1);
    if (last?.role === 'tool') last.content.push(result);
    else this.messages.push({ role: 'tool', content: [result] } satisfies ToolMessage);
  }

  private assistant(): AssistantMessage {
    const last = this.messages.at(-1);
    if (last?.role === 'assistant') return last;
    const message: AssistantMessage = { role: 'assistant', content: [] };
    this.messages.push(message);
    return message;
  }

  private addOpaque(item: JsonObject): void {
    const last = this.messages.at(-1);
    if (!last) {
      this.leadingOpaqueItems.push(item);
      return;
    }
    const metadata = (last.providerMetadata ??= {});
    const own = (metadata['openai-responses'] ??= {});
    const list = Array.isArray(own.opaqueItems) ? own.opaqueItems : (own.opaqueItems = []);
    list.push({ position: last.content.length, item });
  }
}

export function parseInput(input: string | unknown[]): ParsedInput {
  const parser = new InputParser();
  if (typeof input === 'string') parser.parseItem({ type: 'message', role: 'user', content: input }, 'input');
  else input.forEach((item, index) => parser.parseItem(item, `input[${index}]`));
  return { system: parser.system, messages: parser.messages, leadingOpaqueItems: parser.leadingOpaqueItems };
}

/** The opaque items stored on a message by parseInput, for the builder. */
export function opaqueItemsOf(message: CanonicalMessage): Array<{ position: number; item: JsonObject }> {
  const list = message.providerMetadata?.['openai-responses']?.opaqueItems;
  if (!Array.isArray(list)) return [];
  const entries: Array<{ position: number; item: JsonObject }> = [];
  for (const entry of list as JsonValue[]) {
    if (isRecord(entry) && typeof entry.position === 'number' && isRecord(entry.item)) {
      entries.push({ position: entry.position, item: asJsonObject(entry.item) });
    }
  }
  return entries;
}
