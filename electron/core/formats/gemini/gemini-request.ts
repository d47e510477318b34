/**
 * Gemini client body -> canonical request. The model and streaming come from the route
 * (`/v1beta/models/{model}:streamGenerateContent`), not from the body.
 */
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  ImageContent,
  JsonObject,
  ProviderMetadata,
  TextContent,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { leftoverFields } from '../../canonical/json-values.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseWithSchema } from '../parse-with-schema.js';
import type { ParseRequestOptions } from '../wire-format.js';
import { geminiMetadata } from './gemini-json-values.js';
import { applyGenerationConfig, parseToolConfig, parseTools } from './gemini-request-settings.js';
import { geminiRequestSchema, type GeminiContent, type GeminiPart, type GeminiRequest } from './gemini-schema.js';
import { decodeSignature } from './gemini-signatures.js';

export { buildGeminiRequest } from './gemini-request-build.js';

/** Part keys this mapper reads; any other key of a part travels in the block's providerMetadata. */
const knownPartKeys: ReadonlySet<string> = new Set([
  'text',
  'thought',
  'thoughtSignature',
  'thought_signature',
  'inlineData',
  'inline_data',
  'fileData',
  'file_data',
  'functionCall',
  'function_call',
  'functionResponse',
  'function_response',
]);

const knownRequestKeys: ReadonlySet<string> = new Set([
  'contents',
  'systemInstruction',
  'system_instruction',
  'tools',
  'toolConfig',
  'tool_config',
  'generationConfig',
  'generation_config',
  'safetySettings',
  'safety_settings',
  'cachedContent',
  'cached_content',
  'labels',
]);

export function parseGeminiRequest(body: unknown, options: ParseRequestOptions): CanonicalRequest {
  const model = options?.model;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new BadRequestError('The model is missing: Gemini names it in the URL, as /v1beta/models/{model}:generateContent.', 'model');
  }
  const parsed = parseWithSchema(geminiRequestSchema, body);
  const metadata: JsonObject = {};
  const canonical: CanonicalRequest = {
    model,
    system: parseSystem(parsed),
    messages: new ContentsParser().parse(parsed.contents),
    tools: parseTools(parsed.tools),
    stream: options.stream ?? false,
  };
  const toolChoice = parseToolConfig(parsed.toolConfig ?? parsed.tool_config, metadata);
  if (toolChoice) canonical.toolChoice = toolChoice;
  applyGenerationConfig(canonical, parsed.generationConfig ?? parsed.generation_config, metadata);

  const safetySettings = parsed.safetySettings ?? parsed.safety_settings;
  if (safetySettings) metadata.safetySettings = safetySettings;
  const cachedContent = parsed.cachedContent ?? parsed.cached_content;
  if (cachedContent !== undefined) metadata.cachedContent = cachedContent;
  if (parsed.labels) metadata.labels = parsed.labels;
  const requestFields = leftoverFields(parsed, knownRequestKeys);
  if (requestFields) metadata.requestFields = requestFields;
  const providerMetadata = geminiMetadata(metadata);
  if (providerMetadata) canonical.providerMetadata = providerMetadata;
  return canonical;
}

function parseSystem(body: GeminiRequest): TextContent[] {
  const instruction = body.systemInstruction ?? body.system_instruction;
  if (instruction === undefined) return [];
  if (typeof instruction === 'string') return instruction ? [{ type: 'text', text: instruction }] : [];
  const system: TextContent[] = [];
  for (const part of instruction.parts) if (typeof part.text === 'string' && part.text) system.push({ type: 'text', text: part.text });
  return system;
}

interface SeenCall {
  id: string;
  name: string;
  turn: number;
  answered: boolean;
}

/** Walks `contents` in order, pairing function responses with the calls they answer. */
class ContentsParser {
  private readonly messages: CanonicalMessage[] = [];
  private readonly calls: SeenCall[] = [];
  /** The assistant message the previous content produced: consecutive model contents merge into it. */
  private openAssistant: { message: { role: 'assistant'; content: AssistantContent[]; providerMetadata?: ProviderMetadata }; unmapped: JsonObject[] } | undefined;

  parse(contents: GeminiContent[]): CanonicalMessage[] {
    contents.forEach((content, index) => {
      if (content.role === 'model') this.model(content, index);
      else this.user(content, index);
    });
    return this.messages;
  }

  private model(content: GeminiContent, turn: number): void {
    if (!this.openAssistant) {
      this.openAssistant = { message: { role: 'assistant', content: [] }, unmapped: [] };
      this.messages.push(this.openAssistant.message);
    }
    const open = this.openAssistant;
    const blocks = open.message.content;
    content.parts.forEach((part, index) => {
      const signature = part.thoughtSignature ?? part.thought_signature;
      const call = part.functionCall ?? part.function_call;
      const extras = leftoverFields(part, knownPartKeys);
      const previous = blocks[blocks.length - 1];
      if (call) {
        const id = call.id ?? `call_${turn}_${index}`;
        const block: AssistantContent = { type: 'tool-call', id, name: call.name, arguments: JSON.stringify(call.args ?? {}) };
        const fields: JsonObject = { ...extras };
        if (signature !== undefined) fields.thoughtSignature = signature;
        const providerMetadata = geminiMetadata(fields);
        if (providerMetadata) block.providerMetadata = providerMetadata;
        blocks.push(block);
        this.calls.push({ id, name: call.name, turn, answered: false });
      } else if (typeof part.text === 'string' && part.thought === true) {
        const decoded = signature === undefined ? undefined : decodeSignature(signature);
        if (decoded?.kind === 'redacted') {
          blocks.push({ type: 'reasoning', text: part.text, redactedData: decoded.data });
          return;
        }
        let block: AssistantContent;
        if (!extras && previous?.type === 'reasoning' && openReasoning(previous)) {
          previous.text += part.text;
          block = previous;
        } else {
          block = { type: 'reasoning', text: part.text };
          if (extras) block.providerMetadata = { gemini: extras };
          blocks.push(block);
        }
        if (decoded && block.type === 'reasoning') {
          block.signature = decoded.signature;
          block.signatureFormat = decoded.signatureFormat;
        }
      } else if (typeof part.text === 'string' && part.text !== '') {
        if (!extras && previous?.type === 'text' && previous.providerMetadata === undefined) {
          previous.text += part.text;
          if (signature !== undefined) previous.providerMetadata = { gemini: { thoughtSignature: signature } };
          return;
        }
        const fields: JsonObject = { ...extras };
        if (signature !== undefined) fields.thoughtSignature = signature;
        const block: AssistantContent = { type: 'text', text: part.text };
        const providerMetadata = geminiMetadata(fields);
        if (providerMetadata) block.providerMetadata = providerMetadata;
        blocks.push(block);
      } else if (signature !== undefined && !extras && isBarePart(part)) {
        attachBareSignature(blocks, signature);
      } else if (typeof part.text === 'string' && !extras && isBarePart(part)) {
        // An empty text part (streamed final chunks carry one) says nothing.
      } else {
        // Parts no canonical block holds (executableCode, media from image models...) stay in
        // place for a Gemini upstream; `at` is the block index they precede.
        open.unmapped.push({ at: blocks.length, part: part as JsonObject });
        open.message.providerMetadata = { gemini: { unmappedParts: open.unmapped } };
      }
    });
    // A model turn with nothing in it (only empty text) makes no message: other formats refuse empty turns.
    if (blocks.length === 0 && open.unmapped.length === 0) {
      this.messages.pop();
      this.openAssistant = undefined;
    }
  }

  private user(content: GeminiContent, turn: number): void {
    this.openAssistant = undefined;
    const results: ToolResultContent[] = [];
    const blocks: UserContent[] = [];
    const unmapped: JsonObject[] = [];
    content.parts.forEach((part, index) => {
      const path = `contents[${turn}].parts[${index}]`;
      const response = part.functionResponse ?? part.function_response;
      const extras = leftoverFields(part, knownPartKeys);
      const signature = part.thoughtSignature ?? part.thought_signature;
      const fields: JsonObject = { ...extras };
      if (signature !== undefined) fields.thoughtSignature = signature;
      const providerMetadata = geminiMetadata(fields);
      if (response) {
        const id = response.id ?? this.answer(response.name) ?? `call_${turn}_${index}`;
        if (response.id !== undefined) this.markAnswered(response.id);
        const resultContent: Array<TextContent | ImageContent> = [{ type: 'text', text: JSON.stringify(response.response ?? {}) }];
        response.parts?.forEach((mediaPart, mediaIndex) => {
          const media = mediaPart.inlineData ?? mediaPart.inline_data;
          const mimeType = media?.mimeType ?? media?.mime_type;
          if (media && mimeType) resultContent.push({ type: 'image', source: { kind: 'base64', mediaType: mimeType, data: media.data } });
          else if (media) throw new BadRequestError(`${path}.functionResponse.parts[${mediaIndex}]: mimeType is required.`, `${path}.functionResponse.parts[${mediaIndex}].inlineData.mimeType`);
        });
        const result: ToolResultContent = { type: 'tool-result', toolCallId: id, toolName: response.name, content: resultContent };
        if (providerMetadata) result.providerMetadata = providerMetadata;
        results.push(result);
        return;
      }
      const block = userBlock(part, path);
      if (block) {
        if (providerMetadata) block.providerMetadata = providerMetadata;
        blocks.push(block);
      } else {
        unmapped.push({ at: blocks.length, part: part as JsonObject });
      }
    });
    // Tool results go first: the other formats need them right after the calls they answer.
    if (results.length > 0) this.messages.push({ role: 'tool', content: results });
    if (blocks.length > 0 || unmapped.length > 0) {
      const message: CanonicalMessage = { role: 'user', content: blocks };
      if (unmapped.length > 0) message.providerMetadata = { gemini: { unmappedParts: unmapped } };
      this.messages.push(message);
    }
  }

  /**
   * A response without an id answers a call of that name: from the latest model turn that still
   * has one unanswered, the earliest such call there (Gemini answers parallel calls in order).
   */
  private answer(name: string): string | undefined {
    let found: SeenCall | undefined;
    for (let index = this.calls.length - 1; index >= 0; index--) {
      const call = this.calls[index];
      if (found && call.turn !== found.turn) break;
      if (!call.answered && call.name === name) found = call;
    }
    if (found) found.answered = true;
    return found?.id;
  }

  private markAnswered(id: string): void {
    const call = this.calls.find((candidate) => candidate.id === id && !candidate.answered);
    if (call) call.answered = true;
  }
}

function openReasoning(block: AssistantContent): boolean {
  return block.type === 'reasoning' && block.signature === undefined && block.redactedData === undefined && !block.providerMetadata;
}

/** A part with nothing but text/thought/signature keys (no media, call or response). */
function isBarePart(part: GeminiPart): boolean {
  return !(part.inlineData ?? part.inline_data ?? part.fileData ?? part.file_data ?? part.functionResponse ?? part.function_response);
}

/**
 * A signature on an empty, non-thought part (Gemini 3 ends answers with `{text:"", thoughtSignature}`)
 * belongs to the block before it; with none to take it, it becomes an empty reasoning block, which
 * other formats drop while a Gemini upstream gets it back.
 */
function attachBareSignature(blocks: AssistantContent[], signature: string): void {
  const previous = blocks[blocks.length - 1];
  const decoded = decodeSignature(signature);
  if (decoded.kind === 'redacted') {
    blocks.push({ type: 'reasoning', text: '', redactedData: decoded.data });
  } else if (previous?.type === 'text' && previous.providerMetadata === undefined) {
    previous.providerMetadata = { gemini: { thoughtSignature: signature } };
  } else if (previous?.type === 'reasoning' && openReasoning(previous)) {
    previous.signature = decoded.signature;
    previous.signatureFormat = decoded.signatureFormat;
  } else {
    blocks.push({ type: 'reasoning', text: '', signature: decoded.signature, signatureFormat: decoded.signatureFormat });
  }
}

function userBlock(part: GeminiPart, path: string): UserContent | undefined {
  if (typeof part.text === 'string') return { type: 'text', text: part.text };
  const inline = part.inlineData ?? part.inline_data;
  if (inline) {
    const mediaType = inline.mimeType ?? inline.mime_type;
    if (!mediaType) throw new BadRequestError(`${path}.inlineData: mimeType is required.`, `${path}.inlineData.mimeType`);
    const source = { kind: 'base64' as const, mediaType, data: inline.data };
    return mediaType.startsWith('image/') ? { type: 'image', source } : { type: 'file', source };
  }
  const file = part.fileData ?? part.file_data;
  if (file) {
    const url = file.fileUri ?? file.file_uri;
    if (!url) throw new BadRequestError(`${path}.fileData: fileUri is required.`, `${path}.fileData.fileUri`);
    const mediaType = file.mimeType ?? file.mime_type;
    const source = mediaType ? { kind: 'url' as const, url, mediaType } : { kind: 'url' as const, url };
    return mediaType?.startsWith('image/') ? { type: 'image', source } : { type: 'file', source };
  }
  return undefined;
}
