/**
 * Canonical messages -> Messages API `messages`. Claude is strict about history, so this also repairs
 * what would earn a 400:
 * - canonical tool messages become user messages whose content starts with the tool_result blocks;
 *   consecutive same-role messages merge (results first);
 * - every tool_use gets a tool_result in the next user message: a missing one (history trimmed, or a
 *   client that never sent it) is synthesized with is_error and `No result was recorded for this tool
 *   call.`; a tool_result whose tool_use is not in the previous assistant turn becomes plain text;
 * - reasoning is replayed only with an Anthropic signature (foreign signatures are never sent);
 * - whitespace-only text blocks, which the API rejects, are left out;
 * - tool ids are made valid (see anthropic-messages-tool-ids.ts).
 */
import type {
  AssistantContent,
  CanonicalMessage,
  FileContent,
  ImageContent,
  JsonObject,
  JsonValue,
  MediaSource,
  ProviderMetadata,
  TextContent,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';
import { isProofMarker } from '../../canonical/reasoning-proof.js';
import { customToolInput, formatId, ownMetadata, parseToolInput } from './anthropic-messages-json.js';
import { toAnthropicToolId } from './anthropic-messages-tool-ids.js';

export type AnthropicMessageBody = {
  role: 'user' | 'assistant';
  content: JsonObject[];
};

export const missingToolResultText = 'No result was recorded for this tool call.';

interface UnmappedBlock {
  index: number;
  block: JsonObject;
}

function readUnmapped(value: JsonValue | undefined): UnmappedBlock[] {
  if (!Array.isArray(value)) return [];
  const blocks: UnmappedBlock[] = [];
  for (const entry of value) {
    if (isRecord(entry) && typeof entry.index === 'number' && isRecord(entry.block)) blocks.push({ index: entry.index, block: entry.block as JsonObject });
  }
  return blocks.sort((left, right) => left.index - right.index);
}

/** This format's saved fields first, then the mapped ones (which win). */
function withSavedFields(metadata: ProviderMetadata | undefined, block: JsonObject, skip?: string): JsonObject {
  const saved = ownMetadata(metadata);
  if (!saved) return block;
  const merged: JsonObject = {};
  for (const key of Object.keys(saved)) if (key !== skip) merged[key] = saved[key];
  return Object.assign(merged, block);
}

/** Maps each item, putting kept-verbatim blocks back at their original positions. */
function interleave<T>(items: readonly T[], map: (item: T) => JsonObject | undefined, unmapped: UnmappedBlock[]): JsonObject[] {
  const blocks: JsonObject[] = [];
  let next = 0;
  let position = 0;
  for (const item of items) {
    while (next < unmapped.length && unmapped[next].index <= position) {
      blocks.push(unmapped[next++].block);
      position++;
    }
    const block = map(item);
    if (block) blocks.push(block);
    position++;
  }
  while (next < unmapped.length) blocks.push(unmapped[next++].block);
  return blocks;
}

const isBlank = (text: string): boolean => text.trim() === '';

function textBlock(content: TextContent): JsonObject | undefined {
  return isBlank(content.text) ? undefined : withSavedFields(content.providerMetadata, { type: 'text', text: content.text });
}

function dataUrlParts(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  const header = url.slice(5, comma);
  if (comma < 0 || !header.endsWith(';base64')) return undefined;
  return { mediaType: header.slice(0, -7), data: url.slice(comma + 1) };
}

function imageSource(source: MediaSource): JsonObject {
  if (source.kind === 'base64') return { type: 'base64', media_type: source.mediaType, data: source.data };
  const inline = dataUrlParts(source.url);
  return inline ? { type: 'base64', media_type: inline.mediaType, data: inline.data } : { type: 'url', url: source.url };
}

function imageBlock(content: ImageContent): JsonObject {
  return withSavedFields(content.providerMetadata, { type: 'image', source: imageSource(content.source) });
}

/** Text files go as `text` sources (Claude's base64 documents are PDFs). */
function documentBlock(content: FileContent): JsonObject {
  let source = imageSource(content.source);
  const mediaType = typeof source.media_type === 'string' ? source.media_type : undefined;
  if (source.type === 'base64' && mediaType?.startsWith('text/') && typeof source.data === 'string') {
    source = { type: 'text', media_type: 'text/plain', data: Buffer.from(source.data, 'base64').toString('utf8') };
  }
  const block: JsonObject = { type: 'document', source };
  if (content.filename !== undefined) block.title = content.filename;
  return withSavedFields(content.providerMetadata, block);
}

function userBlock(content: UserContent): JsonObject | undefined {
  switch (content.type) {
    case 'text':
      return textBlock(content);
    case 'image':
      return imageBlock(content);
    case 'file':
      return documentBlock(content);
  }
}

function toolResultBlock(result: ToolResultContent): JsonObject {
  const saved = ownMetadata(result.providerMetadata);
  const unmapped = readUnmapped(saved?.unmapped_content);
  const inner = interleave(result.content, (part) => (part.type === 'text' ? textBlock(part) : imageBlock(part)), unmapped);
  const block = withSavedFields(result.providerMetadata, { type: 'tool_result', tool_use_id: toAnthropicToolId(result.toolCallId) }, 'unmapped_content');
  const only = inner.length === 1 ? inner[0] : undefined;
  if (only && only.type === 'text' && Object.keys(only).length === 2) block.content = only.text;
  else if (inner.length > 0) block.content = inner;
  if (result.isError) block.is_error = true;
  return block;
}

function assistantBlock(content: AssistantContent): JsonObject | undefined {
  switch (content.type) {
    case 'text':
      return textBlock(content);
    case 'reasoning':
      if (content.redactedData !== undefined) return { type: 'redacted_thinking', data: content.redactedData };
      // A `sy:` value is one of our markers (an unknown format's), never Claude's own signature.
      if (content.signatureFormat !== formatId || !content.signature || isProofMarker(content.signature)) return undefined;
      return withSavedFields(content.providerMetadata, { type: 'thinking', thinking: content.text, signature: content.signature });
    case 'tool-call':
      return withSavedFields(content.providerMetadata, {
        type: 'tool_use',
        id: toAnthropicToolId(content.id),
        name: content.name,
        input: content.kind === 'custom' ? customToolInput(content.arguments) : parseToolInput(content.arguments),
      });
  }
}

function messageBlocks(message: CanonicalMessage): JsonObject[] {
  switch (message.role) {
    case 'tool':
      return message.content.map(toolResultBlock);
    case 'user':
      return interleave<UserContent>(message.content, userBlock, readUnmapped(ownMetadata(message.providerMetadata)?.unmapped_blocks));
    case 'assistant':
      return interleave<AssistantContent>(message.content, assistantBlock, readUnmapped(ownMetadata(message.providerMetadata)?.unmapped_blocks));
  }
}

const toolUseIdsOf = (message: AnthropicMessageBody): string[] =>
  message.content.flatMap((block) => (block.type === 'tool_use' && typeof block.id === 'string' ? [block.id] : []));

function orphanResultAsText(block: JsonObject): JsonObject[] {
  const label = `Result of tool call ${String(block.tool_use_id)}${block.is_error === true ? ' (error)' : ''}:`;
  if (typeof block.content === 'string') return [{ type: 'text', text: `${label}\n${block.content}` }];
  const inner = Array.isArray(block.content) ? block.content.filter(isRecord) : [];
  return [{ type: 'text', text: label }, ...(inner as JsonObject[])];
}

/** Tool results first; results without a matching tool_use in `previous` become text. */
function repairUserTurn(message: AnthropicMessageBody, previous: AnthropicMessageBody | undefined): void {
  const known = new Set(previous?.role === 'assistant' ? toolUseIdsOf(previous) : []);
  const results: JsonObject[] = [];
  const rest: JsonObject[] = [];
  for (const block of message.content) {
    if (block.type !== 'tool_result') rest.push(block);
    else if (known.has(String(block.tool_use_id))) results.push(block);
    else rest.push(...orphanResultAsText(block));
  }
  message.content = results.concat(rest);
}

/** Every tool_use of `assistant` gets a result at the head of the following user turn. */
function completeToolResults(assistant: AnthropicMessageBody, following: AnthropicMessageBody): void {
  const answered = new Set<string>();
  let resultCount = 0;
  for (const block of following.content) {
    if (block.type !== 'tool_result') break;
    answered.add(String(block.tool_use_id));
    resultCount++;
  }
  const synthesized: JsonObject[] = [];
  for (const id of toolUseIdsOf(assistant)) {
    if (answered.has(id)) continue;
    answered.add(id);
    synthesized.push({ type: 'tool_result', tool_use_id: id, content: missingToolResultText, is_error: true });
  }
  if (synthesized.length > 0) following.content.splice(resultCount, 0, ...synthesized);
}

export function buildAnthropicMessages(messages: readonly CanonicalMessage[]): AnthropicMessageBody[] {
  const built: AnthropicMessageBody[] = [];
  for (const message of messages) {
    const content = messageBlocks(message);
    if (content.length === 0) continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = built[built.length - 1];
    if (last?.role === role) last.content.push(...content);
    else built.push({ role, content });
  }
  for (let index = 0; index < built.length; index++) {
    const message = built[index];
    if (message.role === 'user') {
      repairUserTurn(message, built[index - 1]);
      continue;
    }
    if (toolUseIdsOf(message).length === 0) continue;
    let following = built[index + 1];
    if (!following) {
      following = { role: 'user', content: [] };
      built.push(following);
    }
    repairUserTurn(following, message);
    completeToolResults(message, following);
    index++;
  }
  return built;
}
