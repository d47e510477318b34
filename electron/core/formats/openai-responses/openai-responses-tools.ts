/** Responses tool definitions and tool_choice, both ways. */
import type { CanonicalTool, JsonObject, JsonValue, ToolChoice } from '../../canonical/canonical-request.js';
import { customToolSchema, functionToolSchema, namedToolChoiceSchema } from './openai-responses-schema.js';
import { asJsonObject, validateAt } from './openai-responses-validation.js';

const emptyParameters = (): JsonObject => ({ type: 'object', properties: {} });

export function parseTools(tools: ReadonlyArray<Record<string, unknown>>): CanonicalTool[] {
  return tools.map((tool, index): CanonicalTool => {
    const path = `tools[${index}]`;
    if (tool.type === 'function') {
      const parsed = validateAt(functionToolSchema, tool, path);
      const result: CanonicalTool = {
        type: 'function',
        name: parsed.name,
        parameters: parsed.parameters ? asJsonObject(parsed.parameters) : emptyParameters(),
      };
      if (parsed.description != null) result.description = parsed.description;
      if (parsed.strict != null) result.strict = parsed.strict;
      return result;
    }
    if (tool.type === 'custom') {
      const parsed = validateAt(customToolSchema, tool, path);
      const result: CanonicalTool = { type: 'custom', name: parsed.name };
      if (parsed.description != null) result.description = parsed.description;
      if (parsed.format != null) result.format = asJsonObject(parsed.format);
      return result;
    }
    // web_search, file_search, local_shell, image_generation, mcp, ...: only a Responses upstream can run them.
    return { type: 'builtin', format: 'openai-responses', definition: asJsonObject(tool) };
  });
}

/** A choice the canonical form cannot hold (allowed_tools, a built-in tool type) comes back as `raw`. */
export function parseToolChoice(choice: string | Record<string, unknown>): { choice?: ToolChoice; raw?: JsonValue } {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { choice: { type: choice } };
  if (typeof choice === 'string') return { raw: choice };
  if (choice.type === 'function' || choice.type === 'custom') {
    const parsed = validateAt(namedToolChoiceSchema, choice, 'tool_choice');
    return { choice: { type: 'tool', name: parsed.name } };
  }
  return { raw: asJsonObject(choice) };
}

/** Canonical tools -> Responses definitions; `names` maps long names to their short upstream form. */
export function renderTools(tools: readonly CanonicalTool[], names?: ReadonlyMap<string, string>): JsonObject[] {
  const rendered: JsonObject[] = [];
  for (const tool of tools) {
    switch (tool.type) {
      case 'function': {
        const definition: JsonObject = { type: 'function', name: names?.get(tool.name) ?? tool.name };
        if (tool.description !== undefined) definition.description = tool.description;
        definition.parameters = tool.parameters;
        // Responses makes function tools strict by default; other formats do not.
        definition.strict = tool.strict ?? false;
        rendered.push(definition);
        break;
      }
      case 'custom': {
        const definition: JsonObject = { type: 'custom', name: names?.get(tool.name) ?? tool.name };
        if (tool.description !== undefined) definition.description = tool.description;
        if (tool.format !== undefined) definition.format = tool.format;
        rendered.push(definition);
        break;
      }
      case 'builtin':
        // Another format's built-in tool has no Responses counterpart.
        if (tool.format === 'openai-responses') rendered.push(tool.definition);
        break;
    }
  }
  return rendered;
}

export function renderToolChoice(
  choice: ToolChoice,
  tools: readonly CanonicalTool[],
  names?: ReadonlyMap<string, string>,
): JsonValue {
  if (choice.type !== 'tool') return choice.type;
  const isCustom = tools.some((tool) => tool.type === 'custom' && tool.name === choice.name);
  return { type: isCustom ? 'custom' : 'function', name: names?.get(choice.name) ?? choice.name };
}
