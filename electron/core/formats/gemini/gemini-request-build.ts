/** Canonical request -> Gemini generateContent body for an upstream (AI Studio). The model goes in the URL. */
import type {
  AssistantContent,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  JsonObject,
  JsonValue,
  MediaSource,
  ProviderMetadata,
  ToolResultContent,
  UserContent,
} from '../../canonical/canonical-request.js';
import { isJsonObject, parseJsonObject } from '../../canonical/json-values.js';
import { effortToBudget } from '../../canonical/reasoning-budget.js';
import { isProofMarker } from '../../canonical/reasoning-proof.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { cleanSchemaForGemini } from './gemini-json-schema.js';
import { functionCallArgs, geminiFields } from './gemini-json-values.js';
import { skipThoughtSignature } from './gemini-signatures.js';

type GeminiRole = 'user' | 'model';
interface BuiltContent {
  role: GeminiRole;
  parts: JsonObject[];
}

/**
 * Gemini rejects a conversation whose first turn is the model's (protocols.md §4). A single space
 * is the user turn put in front: it says nothing to the model, and unlike an empty string it cannot
 * trip the "empty text parameter" check.
 */
const leadingUserText = ' ';

export function buildGeminiRequest(request: CanonicalRequest, _upstreamModel: string, _context: TranslationContext): JsonObject {
  const gemini = geminiFields(request.providerMetadata);
  const body: JsonObject = isJsonObject(gemini?.requestFields) ? { ...gemini.requestFields } : {};

  const contents = buildContents(request.messages);
  if (contents.length === 0 || contents[0].role === 'model') contents.unshift({ role: 'user', parts: [{ text: leadingUserText }] });
  body.contents = contents as unknown as JsonValue[];
  if (request.system.length > 0) body.systemInstruction = { role: 'user', parts: request.system.map((block) => ({ text: block.text })) };

  const tools = buildTools(request.tools);
  if (tools.length > 0) body.tools = tools;
  const toolConfig = buildToolConfig(request, gemini);
  if (toolConfig) body.toolConfig = toolConfig;
  const generationConfig = buildGenerationConfig(request, gemini);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;

  if (gemini?.safetySettings !== undefined) body.safetySettings = gemini.safetySettings;
  if (gemini?.cachedContent !== undefined) body.cachedContent = gemini.cachedContent;
  if (gemini?.labels !== undefined) body.labels = gemini.labels;
  return body;
}

function buildContents(messages: CanonicalMessage[]): BuiltContent[] {
  const contents: BuiltContent[] = [];
  const callNames = new Map<string, string>();
  const push = (role: GeminiRole, parts: JsonObject[]): void => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    // Gemini wants turns to alternate: consecutive same-role contents become one.
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        push('user', withUnmapped(message.content.map(userPart), message.providerMetadata));
        break;
      case 'assistant':
        for (const block of message.content) if (block.type === 'tool-call') callNames.set(block.id, block.name);
        push('model', withUnmapped(message.content.map(modelParts), message.providerMetadata));
        break;
      case 'tool':
        push('user', message.content.flatMap((result) => toolResultParts(result, callNames)));
        break;
    }
  }
  for (const content of contents) if (content.role === 'model') addSkipSignature(content.parts);
  return contents;
}

/**
 * Gemini 3 rejects a function call replayed without its thought signature, and a signature on a
 * thought part does not stand in for the call's own. History from another format (or a client that
 * dropped it) has none, so every call without one gets the documented placeholder (protocols.md §4).
 */
function addSkipSignature(parts: JsonObject[]): void {
  for (const part of parts) {
    if (part.functionCall !== undefined && part.thoughtSignature === undefined) part.thoughtSignature = skipThoughtSignature;
  }
}

/** Puts back the parts parseRequest could not map, before the block they preceded. */
function withUnmapped(partsPerBlock: JsonObject[][], metadata: ProviderMetadata | undefined): JsonObject[] {
  const unmapped = geminiFields(metadata)?.unmappedParts;
  if (!Array.isArray(unmapped) || unmapped.length === 0) return partsPerBlock.flat();
  const parts: JsonObject[] = [];
  let next = 0;
  const flushUpTo = (index: number): void => {
    for (; next < unmapped.length; next++) {
      const entry = unmapped[next];
      if (!isJsonObject(entry)) continue;
      if (typeof entry.at === 'number' && entry.at > index) break;
      if (isJsonObject(entry.part)) parts.push(entry.part);
    }
  };
  partsPerBlock.forEach((blockParts, index) => {
    flushUpTo(index);
    parts.push(...blockParts);
  });
  flushUpTo(Number.POSITIVE_INFINITY);
  return parts;
}

function mediaPart(source: MediaSource): JsonObject {
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (source.url.startsWith('data:')) {
    const comma = source.url.indexOf(',');
    const header = source.url.slice(5, comma);
    if (comma > 0 && header.endsWith(';base64')) {
      return { inlineData: { mimeType: header.slice(0, -';base64'.length) || 'application/octet-stream', data: source.url.slice(comma + 1) } };
    }
  }
  return source.mediaType ? { fileData: { mimeType: source.mediaType, fileUri: source.url } } : { fileData: { fileUri: source.url } };
}

function userPart(block: UserContent): JsonObject[] {
  const fields = geminiFields(block.providerMetadata);
  const part = block.type === 'text' ? { text: block.text } : mediaPart(block.source);
  return [fields ? { ...fields, ...part } : part];
}

function modelParts(block: AssistantContent): JsonObject[] {
  const fields = geminiFields(block.providerMetadata);
  switch (block.type) {
    case 'text':
      if (block.text === '' && !fields) return [];
      return [{ ...fields, text: block.text }];
    case 'reasoning':
      // A signature only replays to the upstream that minted it; other reasoning has no Gemini form.
      // A `sy:` value is one of our markers (an unknown format's), never Gemini's own signature.
      if (block.signatureFormat !== 'gemini' || block.signature === undefined || isProofMarker(block.signature)) return [];
      return [
        block.text
          ? { ...fields, text: block.text, thought: true, thoughtSignature: block.signature }
          : { ...fields, text: '', thoughtSignature: block.signature },
      ];
    case 'tool-call':
      return [{ ...fields, functionCall: { name: block.name, args: functionCallArgs(block.arguments, block.kind), id: block.id } }];
  }
}

function toolResultParts(result: ToolResultContent, callNames: Map<string, string>): JsonObject[] {
  let text = '';
  const media: JsonObject[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else media.push(mediaPart(part.source));
  }
  const parsed = parseJsonObject(text);
  const response: JsonObject = result.isError ? { error: parsed ?? text } : (parsed ?? { result: text });
  const name = result.toolName ?? callNames.get(result.toolCallId) ?? result.toolCallId;
  const fields = geminiFields(result.providerMetadata);
  // Images of a result ride next to it: every Gemini model takes inline parts in a user turn.
  return [{ ...fields, functionResponse: { name, id: result.toolCallId, response } }, ...media];
}

function buildTools(tools: CanonicalTool[]): JsonObject[] {
  const declarations: JsonObject[] = [];
  const builtins: JsonObject[] = [];
  for (const tool of tools) {
    switch (tool.type) {
      case 'function': {
        const fields = { ...geminiFields(tool.providerMetadata) };
        const passJsonSchema = fields.parametersJsonSchema === true;
        delete fields.parametersJsonSchema;
        const declaration: JsonObject = { ...fields, name: tool.name };
        if (tool.description !== undefined) declaration.description = tool.description;
        if (passJsonSchema) {
          declaration.parametersJsonSchema = tool.parameters;
        } else {
          const parameters = cleanSchemaForGemini(tool.parameters);
          // A function without arguments goes without `parameters`: Gemini refuses an empty OBJECT.
          const emptyObject = parameters.type === 'object' && parameters.properties === undefined;
          const untyped = parameters.type === undefined && parameters.anyOf === undefined;
          if (!emptyObject && !untyped) declaration.parameters = parameters;
        }
        declarations.push(declaration);
        break;
      }
      case 'custom': {
        // Freeform tools have no Gemini form: the model gets one string argument, `input`.
        const declaration: JsonObject = {
          name: tool.name,
          parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
        };
        if (tool.description !== undefined) declaration.description = tool.description;
        declarations.push(declaration);
        break;
      }
      case 'builtin':
        if (tool.format === 'gemini') builtins.push(tool.definition);
        break;
    }
  }
  return declarations.length > 0 ? [{ functionDeclarations: declarations }, ...builtins] : builtins;
}

function buildToolConfig(request: CanonicalRequest, gemini: JsonObject | undefined): JsonObject | undefined {
  const extras = isJsonObject(gemini?.toolConfig) ? gemini.toolConfig : undefined;
  const choice = request.toolChoice;
  if (!choice) return extras ? { ...extras } : undefined;
  const allowed = Array.isArray(gemini?.allowedFunctionNames) ? gemini.allowedFunctionNames : undefined;
  const config: JsonObject = {};
  switch (choice.type) {
    case 'auto':
      config.mode = gemini?.functionCallingMode === 'VALIDATED' ? 'VALIDATED' : 'AUTO';
      if (allowed && config.mode === 'VALIDATED') config.allowedFunctionNames = allowed;
      break;
    case 'none':
      config.mode = 'NONE';
      break;
    case 'required':
      config.mode = 'ANY';
      if (allowed) config.allowedFunctionNames = allowed;
      break;
    case 'tool':
      config.mode = 'ANY';
      config.allowedFunctionNames = [choice.name];
      break;
  }
  return { ...extras, functionCallingConfig: config };
}

function buildGenerationConfig(request: CanonicalRequest, gemini: JsonObject | undefined): JsonObject {
  const config: JsonObject = isJsonObject(gemini?.generationConfig) ? { ...gemini.generationConfig } : {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxOutputTokens !== undefined) config.maxOutputTokens = request.maxOutputTokens;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) config.stopSequences = request.stopSequences;
  const reasoning = request.reasoning;
  if (!reasoning) return config;

  const extras = isJsonObject(gemini?.thinkingConfig) ? gemini.thinkingConfig : {};
  const thinking: JsonObject = { ...extras };
  delete thinking.thinkingBudget;
  delete thinking.thinkingLevel;
  let budget: number | undefined;
  if (typeof extras.thinkingLevel === 'string' && reasoning.budgetTokens === undefined) {
    thinking.thinkingLevel = extras.thinkingLevel;
  } else {
    budget = reasoning.budgetTokens ?? (extras.thinkingBudget === -1 ? -1 : reasoning.effort ? effortToBudget(reasoning.effort) : undefined);
    if (budget !== undefined) thinking.thinkingBudget = budget;
  }
  const requested = reasoning.effort !== 'none' && budget !== 0;
  const includeThoughts = reasoning.includeThoughts ?? (requested ? true : undefined);
  if (includeThoughts !== undefined) thinking.includeThoughts = includeThoughts;
  if (Object.keys(thinking).length > 0) config.thinkingConfig = thinking;
  return config;
}
