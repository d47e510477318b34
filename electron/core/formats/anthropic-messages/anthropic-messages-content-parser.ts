/**
 * Client Messages content -> canonical messages. A user turn holding tool_result blocks becomes a
 * canonical tool message (the results) followed by a user message (the rest), per protocols.md §6.
 * Blocks no canonical slot carries (server tool blocks, file-id sources...) are kept verbatim with their
 * position in the message's providerMetadata (`unmapped_blocks`) so buildRequest can put them back.
 */
import type {
  AssistantContent,
  CanonicalMessage,
  FileContent,
  ImageContent,
  JsonObject,
  JsonValue,
  TextContent,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { leftoverFields } from '../../canonical/json-values.js';
import { metadataOf } from './anthropic-messages-json.js';
import type { AnthropicAssistantBlock, AnthropicMessage, AnthropicToolResultBlock, AnthropicUserBlock } from './anthropic-messages-schema.js';
import { decodeSignature } from './anthropic-messages-signature.js';

type Fields = Record<string, JsonValue | undefined>;
type ImageBlock = Extract<AnthropicUserBlock, { type: 'image' }>;
type DocumentBlock = Extract<AnthropicUserBlock, { type: 'document' }>;
type TextBlock = Extract<AnthropicUserBlock, { type: 'text' }>;

const textKeys: ReadonlySet<string> = new Set(['type', 'text']);
const mediaKeys: ReadonlySet<string> = new Set(['type', 'source']);
const documentKeys: ReadonlySet<string> = new Set(['type', 'source', 'title']);
const toolResultKeys: ReadonlySet<string> = new Set(['type', 'tool_use_id', 'content', 'is_error']);
const thinkingKeys: ReadonlySet<string> = new Set(['type', 'thinking', 'signature']);
const toolUseKeys: ReadonlySet<string> = new Set(['type', 'id', 'name', 'input']);
const messageKeys: ReadonlySet<string> = new Set(['role', 'content']);
const noKeys: ReadonlySet<string> = new Set();

/** A block kept verbatim, with the position it had among its siblings. */
export type UnmappedBlock = {
  index: number;
  block: JsonObject;
};

function asJsonObject(block: Fields): JsonObject {
  return leftoverFields(block, noKeys) ?? {};
}

function withMetadata<T extends { providerMetadata?: TextContent['providerMetadata'] }>(target: T, extras: JsonObject | undefined): T {
  const metadata = metadataOf(extras);
  if (metadata) target.providerMetadata = metadata;
  return target;
}

export function parseTextBlock(block: TextBlock): TextContent {
  return withMetadata<TextContent>({ type: 'text', text: block.text }, leftoverFields(block, textKeys));
}

function parseImageBlock(block: ImageBlock): ImageContent | undefined {
  const source = block.source;
  let image: ImageContent;
  if (source.type === 'base64') image = { type: 'image', source: { kind: 'base64', mediaType: source.media_type, data: source.data } };
  else if (source.type === 'url') image = { type: 'image', source: { kind: 'url', url: source.url } };
  else return undefined;
  return withMetadata(image, leftoverFields(block, mediaKeys));
}

/** Text documents become base64 text/plain files so every format can carry them. */
function parseDocumentBlock(block: DocumentBlock): FileContent | undefined {
  const source = block.source;
  let file: FileContent;
  if (source.type === 'base64') file = { type: 'file', source: { kind: 'base64', mediaType: source.media_type, data: source.data } };
  else if (source.type === 'url') file = { type: 'file', source: { kind: 'url', url: source.url, mediaType: 'application/pdf' } };
  else if (source.type === 'text') {
    const data = Buffer.from(source.data, 'utf8').toString('base64');
    file = { type: 'file', source: { kind: 'base64', mediaType: source.media_type ?? 'text/plain', data } };
  } else return undefined;
  if (typeof block.title === 'string') file.filename = block.title;
  return withMetadata(file, leftoverFields(block, documentKeys));
}

function parseToolResult(block: AnthropicToolResultBlock, toolNames: ReadonlyMap<string, string>): ToolResultContent {
  const content: Array<TextContent | ImageContent> = [];
  const unmapped: UnmappedBlock[] = [];
  for (const inner of block.content ?? []) {
    const mapped = inner.type === 'text' ? parseTextBlock(inner) : inner.type === 'image' ? parseImageBlock(inner) : undefined;
    if (mapped) content.push(mapped);
    else unmapped.push({ index: content.length + unmapped.length, block: asJsonObject(inner) });
  }
  const result: ToolResultContent = { type: 'tool-result', toolCallId: block.tool_use_id, content };
  const toolName = toolNames.get(block.tool_use_id);
  if (toolName !== undefined) result.toolName = toolName;
  if (block.is_error !== undefined) result.isError = block.is_error;
  let extras = leftoverFields(block, toolResultKeys);
  if (unmapped.length > 0) extras = { ...extras, unmapped_content: unmapped };
  return withMetadata(result, extras);
}

function messageMetadata(message: AnthropicMessage, unmapped: UnmappedBlock[]): JsonObject | undefined {
  const extras = leftoverFields(message, messageKeys);
  return unmapped.length > 0 ? { ...extras, unmapped_blocks: unmapped } : extras;
}

function parseUserBlocks(blocks: AnthropicUserBlock[], toolNames: ReadonlyMap<string, string>) {
  const results: ToolResultContent[] = [];
  const rest: UserContent[] = [];
  const unmapped: UnmappedBlock[] = [];
  for (const block of blocks) {
    let mapped: UserContent | undefined;
    switch (block.type) {
      case 'tool_result':
        results.push(parseToolResult(block, toolNames));
        continue;
      case 'text':
        mapped = parseTextBlock(block);
        break;
      case 'image':
        mapped = parseImageBlock(block);
        break;
      case 'document':
        mapped = parseDocumentBlock(block);
        break;
      default:
        mapped = undefined;
    }
    if (mapped) rest.push(mapped);
    else unmapped.push({ index: rest.length + unmapped.length, block: asJsonObject(block) });
  }
  return { results, rest, unmapped };
}

function parseAssistantBlock(block: AnthropicAssistantBlock, toolNames: Map<string, string>): AssistantContent | undefined {
  switch (block.type) {
    case 'text':
      return parseTextBlock(block);
    case 'thinking': {
      const reasoning: AssistantContent = { type: 'reasoning', text: block.thinking };
      if (block.signature) {
        const decoded = decodeSignature(block.signature);
        if (decoded.signature !== undefined) reasoning.signature = decoded.signature;
        if (decoded.signatureFormat !== undefined) reasoning.signatureFormat = decoded.signatureFormat;
      }
      return withMetadata(reasoning, leftoverFields(block, thinkingKeys));
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: block.data };
    case 'tool_use': {
      toolNames.set(block.id, block.name);
      const call: AssistantContent = { type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) };
      return withMetadata(call, leftoverFields(block, toolUseKeys));
    }
    default:
      return undefined;
  }
}

/** Appends the canonical message(s) for one client message; `toolNames` learns tool_use ids as it goes. */
export function appendCanonicalMessages(message: AnthropicMessage, target: CanonicalMessage[], toolNames: Map<string, string>): void {
  if (message.role === 'assistant') {
    const content: AssistantContent[] = [];
    const unmapped: UnmappedBlock[] = [];
    for (const block of message.content) {
      const mapped = parseAssistantBlock(block, toolNames);
      if (mapped) content.push(mapped);
      else unmapped.push({ index: content.length + unmapped.length, block: asJsonObject(block) });
    }
    if (content.length === 0 && unmapped.length === 0) return;
    target.push(withMetadata<CanonicalMessage>({ role: 'assistant', content }, messageMetadata(message, unmapped)));
    return;
  }
  const { results, rest, unmapped } = parseUserBlocks(message.content, toolNames);
  if (results.length > 0) target.push({ role: 'tool', content: results });
  if (rest.length === 0 && unmapped.length === 0) return;
  target.push(withMetadata<CanonicalMessage>({ role: 'user', content: rest }, messageMetadata(message, unmapped)));
}

