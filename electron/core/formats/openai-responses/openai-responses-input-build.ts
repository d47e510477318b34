/**
 * Canonical system + messages -> Responses `input` items, the way the ChatGPT Codex backend takes
 * them: system text as developer messages, tool calls as top-level function_call items (never beside
 * an empty assistant message, CLIProxyAPI #2132), reasoning only when it carries OpenAI's own
 * encrypted_content, and no item ids (the backend runs with store:false and cannot resolve them).
 */
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  FileContent,
  ImageContent,
  JsonObject,
  JsonValue,
  MediaSource,
  ProviderMetadata,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';
import { isProofMarker } from '../../canonical/reasoning-proof.js';
import { opaqueItemsOf } from './openai-responses-input-parse.js';

function ownMetadata(metadata: ProviderMetadata | undefined): JsonObject | undefined {
  return metadata?.['openai-responses'];
}

function mediaUrl(source: MediaSource): string {
  return source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}

function imagePart(image: ImageContent): JsonObject {
  const own = ownMetadata(image.providerMetadata);
  const part: JsonObject = { type: 'input_image' };
  if (typeof own?.file_id === 'string') part.file_id = own.file_id;
  else part.image_url = mediaUrl(image.source);
  if (typeof own?.detail === 'string') part.detail = own.detail;
  return part;
}

function filePart(file: FileContent): JsonObject {
  const own = ownMetadata(file.providerMetadata);
  const part: JsonObject = { type: 'input_file' };
  if (typeof own?.file_id === 'string') part.file_id = own.file_id;
  else if (file.source.kind === 'base64') part.file_data = mediaUrl(file.source);
  else part.file_url = file.source.url;
  if (file.filename !== undefined) part.filename = file.filename;
  return part;
}

function userPart(block: UserContent): JsonObject {
  switch (block.type) {
    case 'text':
      return { type: 'input_text', text: block.text };
    case 'image':
      return imagePart(block);
    case 'file':
      return filePart(block);
  }
}

function toolOutput(result: ToolResultContent): JsonValue {
  const saved = ownMetadata(result.providerMetadata)?.output;
  if (Array.isArray(saved)) return saved;
  if (result.content.length === 0) return '';
  if (result.content.length === 1 && result.content[0].type === 'text') return result.content[0].text;
  return result.content.map((part) => (part.type === 'text' ? { type: 'input_text', text: part.text } : imagePart(part)));
}

class InputBuilder {
  readonly items: JsonValue[] = [];
  private readonly customCallIds = new Set<string>();
  private textGroup: JsonObject[] | undefined;

  constructor(private readonly names: ReadonlyMap<string, string>) {}

  message(message: CanonicalMessage): void {
    const opaque = opaqueItemsOf(message);
    let nextOpaque = 0;
    const flushOpaque = (position: number): void => {
      while (nextOpaque < opaque.length && opaque[nextOpaque].position <= position) {
        this.closeText();
        this.items.push(opaque[nextOpaque].item);
        nextOpaque += 1;
      }
    };
    switch (message.role) {
      case 'user':
        this.items.push({ type: 'message', role: 'user', content: message.content.map(userPart) });
        break;
      case 'assistant':
        message.content.forEach((block, index) => {
          flushOpaque(index);
          this.assistantBlock(block);
        });
        this.closeText();
        break;
      case 'tool':
        message.content.forEach((result, index) => {
          flushOpaque(index);
          this.toolResult(result);
        });
        break;
    }
    flushOpaque(Number.POSITIVE_INFINITY);
  }

  private assistantBlock(block: AssistantContent): void {
    switch (block.type) {
      case 'text': {
        if (!this.textGroup) {
          this.textGroup = [];
          const item: JsonObject = { type: 'message', role: 'assistant', content: this.textGroup };
          const phase = ownMetadata(block.providerMetadata)?.phase;
          if (typeof phase === 'string') item.phase = phase;
          this.items.push(item);
        }
        this.textGroup.push({ type: 'output_text', text: block.text });
        return;
      }
      case 'reasoning':
        // Only OpenAI's own encrypted_content can be replayed; other reasoning cannot be verified upstream.
        // A `sy:` value is one of our markers (an unknown format's), never OpenAI's own encrypted_content.
        if (block.signatureFormat !== 'openai-responses' || !block.signature || isProofMarker(block.signature)) return;
        this.closeText();
        this.items.push({
          type: 'reasoning',
          summary: block.text ? [{ type: 'summary_text', text: block.text }] : [],
          encrypted_content: block.signature,
        });
        return;
      case 'tool-call': {
        this.closeText();
        const name = this.names.get(block.name) ?? block.name;
        if (block.kind === 'custom') {
          this.customCallIds.add(block.id);
          this.items.push({ type: 'custom_tool_call', call_id: block.id, name, input: block.arguments });
        } else {
          this.items.push({ type: 'function_call', call_id: block.id, name, arguments: block.arguments });
        }
        return;
      }
    }
  }

  private toolResult(result: ToolResultContent): void {
    const custom = this.customCallIds.has(result.toolCallId) || ownMetadata(result.providerMetadata)?.type === 'custom_tool_call_output';
    this.items.push({ type: custom ? 'custom_tool_call_output' : 'function_call_output', call_id: result.toolCallId, output: toolOutput(result) });
  }

  private closeText(): void {
    this.textGroup = undefined;
  }
}

export function buildInputItems(request: CanonicalRequest, names: ReadonlyMap<string, string>): JsonValue[] {
  const builder = new InputBuilder(names);
  for (const block of request.system) {
    builder.items.push({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: block.text }] });
  }
  const leading = ownMetadata(request.providerMetadata)?.opaqueLeadingItems;
  if (Array.isArray(leading)) for (const item of leading) if (isRecord(item)) builder.items.push(item);
  for (const message of request.messages) builder.message(message);
  return builder.items;
}
