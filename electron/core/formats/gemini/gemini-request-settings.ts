/** The request settings of a Gemini body: tools, tool config and generation config -> canonical. */
import type { CanonicalRequest, CanonicalTool, JsonObject, ReasoningConfig, ToolChoice } from '../../canonical/canonical-request.js';
import { reasoningEfforts } from '../../canonical/canonical-request.js';
import { leftoverFields } from '../../canonical/json-values.js';
import { budgetToEffort } from '../../canonical/reasoning-budget.js';
import { normalizeGeminiSchema } from './gemini-json-schema.js';
import { geminiMetadata } from './gemini-json-values.js';
import type { GeminiGenerationConfig, GeminiTool, GeminiToolConfig } from './gemini-schema.js';

const knownDeclarationKeys: ReadonlySet<string> = new Set(['name', 'description', 'parameters', 'parametersJsonSchema', 'parameters_json_schema']);

export function parseTools(tools: GeminiTool[] | undefined): CanonicalTool[] {
  const canonical: CanonicalTool[] = [];
  for (const tool of tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? tool.function_declarations ?? []) {
      const jsonSchema = declaration.parametersJsonSchema ?? declaration.parameters_json_schema;
      const parameters = jsonSchema ?? (declaration.parameters ? normalizeGeminiSchema(declaration.parameters) : { type: 'object', properties: {} });
      const functionTool: CanonicalTool = { type: 'function', name: declaration.name, parameters };
      if (declaration.description !== undefined) functionTool.description = declaration.description;
      const fields: JsonObject = { ...leftoverFields(declaration, knownDeclarationKeys) };
      // Sent back as parametersJsonSchema to a Gemini upstream, which takes full JSON Schema there.
      if (jsonSchema) fields.parametersJsonSchema = true;
      const providerMetadata = geminiMetadata(fields);
      if (providerMetadata) functionTool.providerMetadata = providerMetadata;
      canonical.push(functionTool);
    }
    for (const [key, value] of Object.entries(tool)) {
      // Every other key of a tool entry (googleSearch, codeExecution, urlContext...) is a built-in tool.
      if (value !== undefined && key !== 'functionDeclarations' && key !== 'function_declarations') {
        canonical.push({ type: 'builtin', format: 'gemini', definition: { [key]: value as JsonObject } });
      }
    }
  }
  return canonical;
}

export function parseToolConfig(toolConfig: GeminiToolConfig | undefined, metadata: JsonObject): ToolChoice | undefined {
  if (!toolConfig) return undefined;
  const others = leftoverFields(toolConfig, new Set(['functionCallingConfig', 'function_calling_config']));
  if (others) metadata.toolConfig = others;
  const config = toolConfig.functionCallingConfig ?? toolConfig.function_calling_config;
  if (!config) return undefined;
  const names = config.allowedFunctionNames ?? config.allowed_function_names ?? [];
  switch (config.mode) {
    case 'NONE':
      return { type: 'none' };
    case 'ANY':
      if (names.length === 1) return { type: 'tool', name: names[0] };
      if (names.length > 1) metadata.allowedFunctionNames = names;
      return { type: 'required' };
    case 'VALIDATED':
      metadata.functionCallingMode = 'VALIDATED';
      if (names.length > 0) metadata.allowedFunctionNames = names;
      return { type: 'auto' };
    default:
      if (names.length > 0) metadata.allowedFunctionNames = names;
      return { type: 'auto' };
  }
}

const mappedGenerationKeys: ReadonlySet<string> = new Set([
  'temperature',
  'topP',
  'top_p',
  'topK',
  'top_k',
  'maxOutputTokens',
  'max_output_tokens',
  'stopSequences',
  'stop_sequences',
  'thinkingConfig',
  'thinking_config',
]);

export function applyGenerationConfig(canonical: CanonicalRequest, config: GeminiGenerationConfig | undefined, metadata: JsonObject): void {
  if (!config) return;
  if (config.temperature !== undefined) canonical.temperature = config.temperature;
  const topP = config.topP ?? config.top_p;
  if (topP !== undefined) canonical.topP = topP;
  const topK = config.topK ?? config.top_k;
  if (topK !== undefined) canonical.topK = topK;
  const maxOutputTokens = config.maxOutputTokens ?? config.max_output_tokens;
  if (maxOutputTokens !== undefined) canonical.maxOutputTokens = maxOutputTokens;
  const stopSequences = config.stopSequences ?? config.stop_sequences;
  if (stopSequences !== undefined) canonical.stopSequences = stopSequences;
  const unmapped = leftoverFields(config, mappedGenerationKeys);
  if (unmapped) metadata.generationConfig = unmapped;

  const thinking = config.thinkingConfig ?? config.thinking_config;
  if (!thinking) return;
  const reasoning: ReasoningConfig = {};
  const thinkingFields: JsonObject = {
    ...leftoverFields(thinking, new Set(['thinkingBudget', 'thinking_budget', 'includeThoughts', 'include_thoughts', 'thinkingLevel', 'thinking_level'])),
  };
  const budget = thinking.thinkingBudget ?? thinking.thinking_budget;
  if (budget === -1) {
    // -1 asks Gemini to size the budget itself; other formats read it as a medium effort.
    reasoning.effort = 'medium';
    thinkingFields.thinkingBudget = -1;
  } else if (budget !== undefined) {
    reasoning.budgetTokens = budget;
    reasoning.effort = budgetToEffort(budget);
  }
  const level = thinking.thinkingLevel ?? thinking.thinking_level;
  if (level !== undefined) {
    const effort = reasoningEfforts.find((candidate) => candidate === level.toLowerCase());
    if (effort && budget === undefined) reasoning.effort = effort;
    thinkingFields.thinkingLevel = level;
  }
  const includeThoughts = thinking.includeThoughts ?? thinking.include_thoughts;
  if (includeThoughts !== undefined) reasoning.includeThoughts = includeThoughts;
  if (Object.keys(thinkingFields).length > 0) metadata.thinkingConfig = thinkingFields;
  if (Object.keys(reasoning).length > 0) canonical.reasoning = reasoning;
}
