/**
 * Anthropic Messages wire shapes. Request schemas validate client bodies (so a 400 names the field);
 * unknown fields survive through `catchall(jsonValueSchema)` and end up in providerMetadata. The response
 * schema checks a non-streamed upstream body; stream events are read with type guards, never zod.
 */
import { z } from 'zod';
import { jsonObjectSchema, jsonValueSchema } from '../json-value-schema.js';

/** A plain string is shorthand for one text block. */
function textShorthand(value: unknown): unknown {
  return typeof value === 'string' ? [{ type: 'text', text: value }] : value;
}

export const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() }).catchall(jsonValueSchema);

const base64SourceSchema = z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }).catchall(jsonValueSchema);
const urlSourceSchema = z.object({ type: z.literal('url'), url: z.string() }).catchall(jsonValueSchema);
const fileSourceSchema = z.object({ type: z.literal('file'), file_id: z.string() }).catchall(jsonValueSchema);
const textSourceSchema = z
  .object({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() })
  .catchall(jsonValueSchema);
const contentSourceSchema = z.object({ type: z.literal('content'), content: jsonValueSchema }).catchall(jsonValueSchema);

export const imageBlockSchema = z
  .object({
    type: z.literal('image'),
    source: z.discriminatedUnion('type', [base64SourceSchema, urlSourceSchema, fileSourceSchema]),
  })
  .catchall(jsonValueSchema);

export const documentBlockSchema = z
  .object({
    type: z.literal('document'),
    source: z.discriminatedUnion('type', [
      base64SourceSchema,
      urlSourceSchema,
      textSourceSchema,
      contentSourceSchema,
      fileSourceSchema,
    ]),
  })
  .catchall(jsonValueSchema);

/**
 * Block types a client may legitimately send that no canonical slot carries (server tools, search
 * results...). They are accepted and kept verbatim in providerMetadata; any other type is a 400.
 */
export const opaqueBlockTypes = [
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
  'search_result',
  'tool_reference',
] as const;
export const opaqueBlockSchema = z.object({ type: z.enum(opaqueBlockTypes) }).catchall(jsonValueSchema);

export const toolResultBlockSchema = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z
      .preprocess(
        textShorthand,
        z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema, documentBlockSchema, opaqueBlockSchema])),
      )
      .optional(),
    is_error: z.boolean().optional(),
  })
  .catchall(jsonValueSchema);

export const thinkingBlockSchema = z
  .object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() })
  .catchall(jsonValueSchema);
export const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() }).catchall(jsonValueSchema);
export const toolUseBlockSchema = z
  .object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: jsonValueSchema })
  .catchall(jsonValueSchema);

export const userBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  imageBlockSchema,
  documentBlockSchema,
  toolResultBlockSchema,
  opaqueBlockSchema,
]);
export const assistantBlockSchema = z.discriminatedUnion('type', [
  textBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  toolUseBlockSchema,
  opaqueBlockSchema,
]);

export const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.preprocess(textShorthand, z.array(userBlockSchema)) }).catchall(jsonValueSchema),
  z.object({ role: z.literal('assistant'), content: z.preprocess(textShorthand, z.array(assistantBlockSchema)) }).catchall(jsonValueSchema),
]);

/**
 * Custom tools need `name` and `input_schema`; server tools (`web_search_20250305`, `bash_20250124`,
 * `mcp_toolset`...) carry a `type` and are kept whole.
 */
export const toolSchema = z
  .object({
    type: z.string().optional(),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    input_schema: jsonObjectSchema.optional(),
    strict: z.boolean().optional(),
  })
  .catchall(jsonValueSchema)
  .superRefine((tool, context) => {
    const isCustom = tool.type === undefined || tool.type === 'custom';
    if (isCustom && tool.name === undefined) {
      context.addIssue({ code: 'custom', path: ['name'], message: 'Custom tools require a name.' });
    }
    if (isCustom && tool.input_schema === undefined) {
      context.addIssue({ code: 'custom', path: ['input_schema'], message: 'Custom tools require an input_schema object.' });
    }
  });

export const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }).catchall(jsonValueSchema),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }).catchall(jsonValueSchema),
  z.object({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }).catchall(jsonValueSchema),
  z.object({ type: z.literal('none') }).catchall(jsonValueSchema),
]);

export const thinkingConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }).catchall(jsonValueSchema),
  z.object({ type: z.literal('disabled') }).catchall(jsonValueSchema),
  z.object({ type: z.literal('adaptive') }).catchall(jsonValueSchema),
]);

export const anthropicMessagesRequestSchema = z
  .object({
    model: z.string().min(1).optional(),
    max_tokens: z.number().int().positive(),
    messages: z.array(messageSchema).min(1),
    system: z.preprocess(textShorthand, z.array(textBlockSchema)).optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    stop_sequences: z.array(z.string()).optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().nonnegative().optional(),
    stream: z.boolean().optional(),
    metadata: z.object({ user_id: z.string().nullable().optional() }).catchall(jsonValueSchema).optional(),
    thinking: thinkingConfigSchema.optional(),
  })
  .catchall(jsonValueSchema);

export type AnthropicMessagesRequest = z.output<typeof anthropicMessagesRequestSchema>;
export type AnthropicMessage = z.output<typeof messageSchema>;
export type AnthropicUserBlock = z.output<typeof userBlockSchema>;
export type AnthropicAssistantBlock = z.output<typeof assistantBlockSchema>;
export type AnthropicToolResultBlock = z.output<typeof toolResultBlockSchema>;
export type AnthropicTool = z.output<typeof toolSchema>;

/** Request-level keys with a canonical slot; every other key goes to providerMetadata. */
export const mappedRequestKeys: ReadonlySet<string> = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'tools',
  'tool_choice',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'stream',
  'metadata',
  'thinking',
]);

// --- Upstream non-streamed response ---------------------------------------------------------------

export const usageSchema = z
  .object({
    input_tokens: z.number().nullable().optional(),
    output_tokens: z.number().nullable().optional(),
    cache_read_input_tokens: z.number().nullable().optional(),
    cache_creation_input_tokens: z.number().nullable().optional(),
  })
  .catchall(jsonValueSchema);

export const anthropicMessagesResponseSchema = z
  .object({
    id: z.string(),
    type: z.literal('message'),
    role: z.literal('assistant'),
    model: z.string(),
    content: z.array(z.object({ type: z.string() }).catchall(jsonValueSchema)),
    stop_reason: z.string().nullable(),
    stop_sequence: z.string().nullable().optional(),
    usage: usageSchema,
  })
  .catchall(jsonValueSchema);
