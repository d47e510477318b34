/**
 * Responses request, both ways: a client body (Codex CLI, openai SDK `responses.create`) -> canonical,
 * and canonical -> the body the ChatGPT Codex backend accepts (protocols.md §2 and §6).
 */
import type { CanonicalRequest, JsonObject, JsonValue, ReasoningConfig, ReasoningEffort } from '../../canonical/canonical-request.js';
import { budgetToEffort } from '../../canonical/reasoning-budget.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseWithSchema } from '../parse-with-schema.js';
import type { ParseRequestOptions } from '../wire-format.js';
import { buildInputItems } from './openai-responses-input-build.js';
import { parseInput } from './openai-responses-input-parse.js';
import { openAiResponsesRequestSchema } from './openai-responses-schema.js';
import { collectToolNames, shortenToolNames } from './openai-responses-tool-names.js';
import { parseToolChoice, parseTools, renderToolChoice, renderTools } from './openai-responses-tools.js';

/**
 * Fields the Codex backend refuses (CLIProxyAPI `codex_executor*.go`, `codex_openai-responses_request.go`).
 * The provider strips them from passthrough bodies too.
 */
export const codexRefusedFields = [
  'previous_response_id',
  'prompt_cache_retention',
  'safety_identifier',
  'stream_options',
  'temperature',
  'top_p',
  'max_output_tokens',
  'max_completion_tokens',
  'truncation',
  'user',
  'context_management',
  'generate',
] as const;
const refusedFieldSet: ReadonlySet<string> = new Set(codexRefusedFields);

/** Body fields that map onto canonical slots; every other field travels in providerMetadata. */
const canonicalFields = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning',
  'max_output_tokens',
  'temperature',
  'top_p',
  'stream',
  'user',
]);

/** Our own providerMetadata keys that are not body fields. */
const internalKeys = new Set(['opaqueLeadingItems']);

/** Fields buildRequest always sets itself. */
const builtFields = new Set(['model', 'instructions', 'input', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'include', 'store', 'stream']);

const codexServiceTiers = new Set(['priority', 'fast']);

export function parseOpenAiResponsesRequest(body: unknown, options: ParseRequestOptions): CanonicalRequest {
  const parsed = parseWithSchema(openAiResponsesRequestSchema, body);
  const model = options.model ?? parsed.model;
  if (!model) throw new BadRequestError('Invalid request body: model: a model name is required', 'model');

  const input = parseInput(parsed.input);
  const extras: JsonObject = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!canonicalFields.has(key) && value !== undefined && value !== null) extras[key] = value as JsonValue;
  }
  if (input.leadingOpaqueItems.length > 0) extras.opaqueLeadingItems = input.leadingOpaqueItems;

  const request: CanonicalRequest = {
    model,
    system: parsed.instructions ? [{ type: 'text', text: parsed.instructions }, ...input.system] : input.system,
    messages: input.messages,
    tools: parsed.tools ? parseTools(parsed.tools) : [],
    stream: options.stream ?? parsed.stream ?? false,
  };
  if (parsed.tool_choice != null) {
    const choice = parseToolChoice(parsed.tool_choice);
    if (choice.choice) request.toolChoice = choice.choice;
    if (choice.raw !== undefined) extras.tool_choice = choice.raw;
  }
  if (parsed.parallel_tool_calls != null) request.parallelToolCalls = parsed.parallel_tool_calls;
  if (parsed.max_output_tokens != null) request.maxOutputTokens = parsed.max_output_tokens;
  if (parsed.temperature != null) request.temperature = parsed.temperature;
  if (parsed.top_p != null) request.topP = parsed.top_p;
  const user = parsed.user ?? parsed.safety_identifier;
  if (user != null) request.user = user;
  if (parsed.reasoning) {
    const reasoning: ReasoningConfig = {};
    if (parsed.reasoning.effort != null) reasoning.effort = parsed.reasoning.effort;
    const summary = parsed.reasoning.summary ?? parsed.reasoning.generate_summary;
    if (summary != null) reasoning.summary = summary;
    request.reasoning = reasoning;
  }
  if (Object.keys(extras).length > 0) request.providerMetadata = { 'openai-responses': extras };
  return request;
}

function reasoningEffort(reasoning: ReasoningConfig | undefined): ReasoningEffort {
  if (reasoning?.effort) return reasoning.effort;
  if (reasoning?.budgetTokens !== undefined) return budgetToEffort(reasoning.budgetTokens);
  // Codex models always reason; medium is the backend's own default (protocols.md §6).
  return 'medium';
}

/** original -> upstream tool name, from the names the decoder will also see. */
export function upstreamToolNames(request: CanonicalRequest, context: TranslationContext): Map<string, string> {
  const names = [...(context.originalToolNames ?? [])];
  const known = new Set(names);
  for (const name of collectToolNames(request)) if (!known.has(name)) names.push(name);
  return shortenToolNames(names);
}

export function buildOpenAiResponsesRequest(request: CanonicalRequest, upstreamModel: string, context: TranslationContext): JsonObject {
  const names = upstreamToolNames(request, context);
  const extras = request.providerMetadata?.['openai-responses'];
  const tools = renderTools(request.tools, names);
  const body: JsonObject = {
    model: upstreamModel,
    instructions: '',
    input: buildInputItems(request, names),
    tools,
    tool_choice: request.toolChoice ? renderToolChoice(request.toolChoice, request.tools, names) : (extras?.tool_choice ?? 'auto'),
    parallel_tool_calls: request.parallelToolCalls ?? true,
  };

  const effort = reasoningEffort(request.reasoning);
  const include = new Set<string>();
  if (Array.isArray(extras?.include)) for (const entry of extras.include) if (typeof entry === 'string') include.add(entry);
  if (effort === 'none') {
    body.reasoning = { effort };
  } else {
    const summary = request.reasoning?.summary ?? 'auto';
    body.reasoning = summary === 'none' ? { effort } : { effort, summary };
    include.add('reasoning.encrypted_content');
  }
  if (include.size > 0) body.include = [...include];
  // The backend answers 400 "Store must be set to false" otherwise, and only streams.
  body.store = false;
  body.stream = true;

  if (extras) {
    for (const [key, value] of Object.entries(extras)) {
      if (builtFields.has(key) || internalKeys.has(key) || refusedFieldSet.has(key)) continue;
      if (key === 'service_tier' && !(typeof value === 'string' && codexServiceTiers.has(value))) continue;
      body[key] = value;
    }
  }
  return body;
}
