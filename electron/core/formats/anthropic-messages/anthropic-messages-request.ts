/**
 * Messages request <-> canonical. Request-level fields without a canonical slot (context_management,
 * output_config, service_tier, mcp_servers, container, metadata extras, adaptive thinking...) travel in
 * providerMetadata['anthropic-messages'] and are restored by buildRequest.
 */
import type {
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  JsonObject,
  ReasoningConfig,
  ReasoningEffort,
  ToolChoice,
} from '../../canonical/canonical-request.js';
import { isRecord, leftoverFields } from '../../canonical/json-values.js';
import { effortBudgets, effortToBudget, budgetToEffort, maxThinkingBudget } from '../../canonical/reasoning-budget.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseWithSchema } from '../parse-with-schema.js';
import type { ParseRequestOptions } from '../wire-format.js';
import { buildAnthropicMessages, type AnthropicMessageBody } from './anthropic-messages-content-builder.js';
import { appendCanonicalMessages, parseTextBlock } from './anthropic-messages-content-parser.js';
import { formatId, metadataOf, ownMetadata } from './anthropic-messages-json.js';
import {
  anthropicMessagesRequestSchema,
  mappedRequestKeys,
  type AnthropicMessagesRequest,
  type AnthropicTool,
} from './anthropic-messages-schema.js';

/** CLIProxyAPI's default; Claude requires max_tokens. */
export const defaultMaxTokens = 32_000;
/** The API refuses budgets below 1024. */
export const minThinkingBudget = 1_024;

const functionToolKeys: ReadonlySet<string> = new Set(['name', 'description', 'input_schema', 'strict']);
const noKeys: ReadonlySet<string> = new Set();

function parseTool(tool: AnthropicTool): CanonicalTool {
  if (tool.type !== undefined && tool.type !== 'custom') {
    return { type: 'builtin', format: formatId, definition: leftoverFields(tool, noKeys) ?? {} };
  }
  const parsed: CanonicalTool = { type: 'function', name: tool.name ?? '', parameters: (tool.input_schema ?? {}) as JsonObject };
  if (tool.description !== undefined) parsed.description = tool.description;
  if (tool.strict !== undefined) parsed.strict = tool.strict;
  const metadata = metadataOf(leftoverFields(tool, functionToolKeys));
  if (metadata) parsed.providerMetadata = metadata;
  return parsed;
}

/** Anthropic `output_config.effort` values; `max` is the top level. */
function effortOf(value: unknown): ReasoningEffort | undefined {
  switch (value) {
    case 'low':
    case 'medium':
    case 'high':
    case 'minimal':
    case 'none':
      return value;
    case 'xhigh':
    case 'max':
      return 'xhigh';
    default:
      return undefined;
  }
}

function parseReasoning(body: AnthropicMessagesRequest): ReasoningConfig | undefined {
  const thinking = body.thinking;
  if (!thinking) return undefined;
  if (thinking.type === 'enabled') return { budgetTokens: thinking.budget_tokens, effort: budgetToEffort(thinking.budget_tokens) };
  if (thinking.type === 'disabled') return { effort: 'none' };
  const effort = isRecord(body.output_config) ? effortOf(body.output_config.effort) : undefined;
  return effort ? { effort } : undefined;
}

function parseToolChoice(choice: AnthropicMessagesRequest['tool_choice']): ToolChoice | undefined {
  switch (choice?.type) {
    case 'auto':
      return { type: 'auto' };
    case 'any':
      return { type: 'required' };
    case 'tool':
      return { type: 'tool', name: choice.name };
    case 'none':
      return { type: 'none' };
    default:
      return undefined;
  }
}

/** Client body -> canonical. Throws BadRequestError naming the field at fault. */
export function parseAnthropicMessagesRequest(body: unknown, options: ParseRequestOptions): CanonicalRequest {
  const parsed = parseWithSchema(anthropicMessagesRequestSchema, body);
  const model = options.model ?? parsed.model;
  if (!model) throw new BadRequestError('Invalid request body: model: a model name is required.', 'model');

  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  for (const message of parsed.messages) appendCanonicalMessages(message, messages, toolNames);

  const request: CanonicalRequest = {
    model,
    system: (parsed.system ?? []).filter((block) => block.text !== '' || Object.keys(block).length > 2).map(parseTextBlock),
    messages,
    tools: (parsed.tools ?? []).map(parseTool),
    maxOutputTokens: parsed.max_tokens,
    stream: options.stream ?? parsed.stream ?? false,
  };
  const toolChoice = parseToolChoice(parsed.tool_choice);
  if (toolChoice) request.toolChoice = toolChoice;
  if (parsed.tool_choice && 'disable_parallel_tool_use' in parsed.tool_choice && parsed.tool_choice.disable_parallel_tool_use === true) {
    request.parallelToolCalls = false;
  }
  if (parsed.temperature !== undefined) request.temperature = parsed.temperature;
  if (parsed.top_p !== undefined) request.topP = parsed.top_p;
  if (parsed.top_k !== undefined) request.topK = parsed.top_k;
  if (parsed.stop_sequences !== undefined) request.stopSequences = parsed.stop_sequences;
  const reasoning = parseReasoning(parsed);
  if (reasoning) request.reasoning = reasoning;
  if (typeof parsed.metadata?.user_id === 'string') request.user = parsed.metadata.user_id;

  const extras: JsonObject = leftoverFields(parsed, mappedRequestKeys) ?? {};
  const metadataExtras = parsed.metadata ? leftoverFields(parsed.metadata, new Set(['user_id'])) : undefined;
  if (metadataExtras) extras.metadata = metadataExtras;
  if (parsed.thinking?.type === 'adaptive') extras.thinking = leftoverFields(parsed.thinking, noKeys) ?? {};
  const providerMetadata = metadataOf(Object.keys(extras).length > 0 ? extras : undefined);
  if (providerMetadata) request.providerMetadata = providerMetadata;
  return request;
}

// --- canonical -> upstream body -------------------------------------------------------------------

function buildTools(request: CanonicalRequest): JsonObject[] {
  const tools: JsonObject[] = [];
  for (const tool of request.tools) {
    if (tool.type === 'builtin') {
      if (tool.format === formatId) tools.push(tool.definition);
      continue;
    }
    const saved = tool.type === 'function' ? ownMetadata(tool.providerMetadata) : undefined;
    const built: JsonObject = { ...saved, name: tool.name };
    if (tool.description !== undefined) built.description = tool.description;
    if (tool.type === 'function') {
      built.input_schema = tool.parameters.type === undefined ? { type: 'object', properties: {}, ...tool.parameters } : tool.parameters;
      if (tool.strict !== undefined) built.strict = tool.strict;
    } else {
      // Freeform (custom) tools take raw text: offer it as one string property.
      built.input_schema = { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] };
    }
    tools.push(built);
  }
  return tools;
}

function buildToolChoice(request: CanonicalRequest): JsonObject | undefined {
  let choice: JsonObject | undefined;
  switch (request.toolChoice?.type) {
    case 'auto':
      choice = { type: 'auto' };
      break;
    case 'required':
      choice = { type: 'any' };
      break;
    case 'tool':
      choice = { type: 'tool', name: request.toolChoice.name };
      break;
    case 'none':
      return { type: 'none' };
  }
  if (request.parallelToolCalls === false) {
    choice ??= { type: 'auto' };
    choice.disable_parallel_tool_use = true;
  }
  return choice;
}

/**
 * `thinking` for the upstream. Left out when the request forces a tool (the API refuses thinking with
 * tool_choice any/tool) or when the last assistant turn holds tool_use without a leading thinking
 * block (history from another upstream: the API demands thinking there when thinking is enabled).
 */
function buildThinking(request: CanonicalRequest, choice: JsonObject | undefined, messages: AnthropicMessageBody[]): JsonObject | undefined {
  const saved = ownMetadata(request.providerMetadata)?.thinking;
  const reasoning = request.reasoning;
  let thinking: JsonObject | undefined;
  if (isRecord(saved) && saved.type === 'adaptive') thinking = saved as JsonObject;
  else if (reasoning?.effort === 'none' || reasoning?.budgetTokens === 0) return { type: 'disabled' };
  else if (reasoning && (reasoning.effort !== undefined || reasoning.budgetTokens !== undefined)) {
    const wanted =
      reasoning.budgetTokens !== undefined && reasoning.budgetTokens > 0
        ? reasoning.budgetTokens
        : reasoning.effort
          ? effortToBudget(reasoning.effort)
          : effortBudgets.medium;
    thinking = { type: 'enabled', budget_tokens: Math.min(maxThinkingBudget, Math.max(minThinkingBudget, wanted)) };
  }
  if (!thinking) return undefined;
  if (choice?.type === 'any' || choice?.type === 'tool') return undefined;
  const lastAssistant = messages.findLast((message) => message.role === 'assistant');
  const first = lastAssistant?.content[0];
  if (lastAssistant?.content.some((block) => block.type === 'tool_use') && first?.type !== 'thinking' && first?.type !== 'redacted_thinking') {
    return undefined;
  }
  return thinking;
}

/** Canonical -> the Messages body for the Claude upstream. */
export function buildAnthropicMessagesRequest(request: CanonicalRequest, upstreamModel: string, _context: TranslationContext): JsonObject {
  const saved = ownMetadata(request.providerMetadata);
  const body: JsonObject = { model: upstreamModel, max_tokens: request.maxOutputTokens ?? defaultMaxTokens };
  if (saved) for (const key of Object.keys(saved)) if (!mappedRequestKeys.has(key)) body[key] = saved[key];

  const messages = buildAnthropicMessages(request.messages);
  body.messages = messages;
  const system = request.system.flatMap((block) =>
    block.text.trim() === '' ? [] : [{ ...ownMetadata(block.providerMetadata), type: 'text', text: block.text }],
  );
  if (system.length > 0) body.system = system;

  const tools = buildTools(request);
  const choice = tools.length > 0 ? buildToolChoice(request) : undefined;
  if (tools.length > 0) body.tools = tools;
  if (choice) body.tool_choice = choice;

  const thinking = buildThinking(request, choice, messages);
  if (thinking) body.thinking = thinking;
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number' && (body.max_tokens as number) <= thinking.budget_tokens) {
    body.max_tokens = thinking.budget_tokens + 1_024;
  }
  // The API refuses sampling parameters with thinking, and temperature together with top_p.
  if (thinking === undefined || thinking.type === 'disabled') {
    if (request.temperature !== undefined) body.temperature = Math.min(1, Math.max(0, request.temperature));
    else if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
  }
  if (request.stopSequences && request.stopSequences.length > 0) body.stop_sequences = request.stopSequences;
  body.stream = request.stream;
  const metadata: JsonObject = isRecord(saved?.metadata) ? { ...(saved.metadata as JsonObject) } : {};
  if (request.user !== undefined) metadata.user_id = request.user;
  if (Object.keys(metadata).length > 0) body.metadata = metadata;
  return body;
}
