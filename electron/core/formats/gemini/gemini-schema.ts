/**
 * The Gemini generateContent wire (protocols.md §4). Request schemas validate client bodies in
 * parseRequest; responses and stream chunks are read with type guards, never zod.
 *
 * Gemini's REST surface accepts proto field names in camelCase and snake_case alike, and clients
 * send both (curl samples in Google's docs use snake_case), so the fields clients spell either way
 * are declared twice through `dual`.
 */
import { z } from 'zod';
import { jsonObjectSchema, jsonValueSchema } from '../json-value-schema.js';

function dual<Camel extends string, Snake extends string, Schema extends z.ZodType>(
  camel: Camel,
  snake: Snake,
  schema: Schema,
): Record<Camel | Snake, z.ZodOptional<Schema>> {
  return { [camel]: schema.optional(), [snake]: schema.optional() } as Record<Camel | Snake, z.ZodOptional<Schema>>;
}

export const geminiInlineDataSchema = z.looseObject({
  ...dual('mimeType', 'mime_type', z.string()),
  data: z.string(),
});

export const geminiFileDataSchema = z.looseObject({
  ...dual('mimeType', 'mime_type', z.string()),
  ...dual('fileUri', 'file_uri', z.string()),
});

export const geminiFunctionCallSchema = z.looseObject({
  name: z.string().min(1),
  args: jsonObjectSchema.nullable().optional(),
  id: z.string().optional(),
});

export const geminiFunctionResponseSchema = z.looseObject({
  name: z.string(),
  id: z.string().optional(),
  response: jsonObjectSchema.nullable().optional(),
  /** Multimodal function responses (Gemini 3): inline media next to the JSON response. */
  parts: z.array(z.looseObject({ ...dual('inlineData', 'inline_data', geminiInlineDataSchema) })).optional(),
});

export const geminiPartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  ...dual('thoughtSignature', 'thought_signature', z.string()),
  ...dual('inlineData', 'inline_data', geminiInlineDataSchema),
  ...dual('fileData', 'file_data', geminiFileDataSchema),
  ...dual('functionCall', 'function_call', geminiFunctionCallSchema),
  ...dual('functionResponse', 'function_response', geminiFunctionResponseSchema),
});

/** `function` is the role older Gemini clients gave to function responses; it reads as `user`. */
export const geminiContentSchema = z.looseObject({
  role: z.enum(['user', 'model', 'function']).optional(),
  parts: z.array(geminiPartSchema).min(1),
});

export const geminiSystemInstructionSchema = z.union([
  z.string(),
  z.looseObject({ role: z.string().optional(), parts: z.array(geminiPartSchema) }),
]);

export const geminiFunctionDeclarationSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: jsonObjectSchema.optional(),
  ...dual('parametersJsonSchema', 'parameters_json_schema', jsonObjectSchema),
});

export const geminiToolSchema = z.looseObject({
  ...dual('functionDeclarations', 'function_declarations', z.array(geminiFunctionDeclarationSchema)),
});

export const geminiFunctionCallingModes = ['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'] as const;

export const geminiToolConfigSchema = z.looseObject({
  ...dual(
    'functionCallingConfig',
    'function_calling_config',
    z.looseObject({
      mode: z
        .string()
        .transform((mode) => mode.toUpperCase())
        .pipe(z.enum(geminiFunctionCallingModes))
        .optional(),
      ...dual('allowedFunctionNames', 'allowed_function_names', z.array(z.string())),
    }),
  ),
});

export const geminiThinkingConfigSchema = z.looseObject({
  ...dual('thinkingBudget', 'thinking_budget', z.number().int().min(-1)),
  ...dual('includeThoughts', 'include_thoughts', z.boolean()),
  ...dual('thinkingLevel', 'thinking_level', z.string()),
});

export const geminiGenerationConfigSchema = z.looseObject({
  temperature: z.number().optional(),
  ...dual('topP', 'top_p', z.number()),
  ...dual('topK', 'top_k', z.number()),
  ...dual('maxOutputTokens', 'max_output_tokens', z.number().int().nonnegative()),
  ...dual('stopSequences', 'stop_sequences', z.array(z.string())),
  ...dual('candidateCount', 'candidate_count', z.number().int().positive()),
  ...dual('thinkingConfig', 'thinking_config', geminiThinkingConfigSchema),
});

export const geminiRequestSchema = z.looseObject({
  contents: z.array(geminiContentSchema).min(1),
  ...dual('systemInstruction', 'system_instruction', geminiSystemInstructionSchema),
  tools: z.array(geminiToolSchema).optional(),
  ...dual('toolConfig', 'tool_config', geminiToolConfigSchema),
  ...dual('generationConfig', 'generation_config', geminiGenerationConfigSchema),
  ...dual('safetySettings', 'safety_settings', z.array(jsonValueSchema)),
  ...dual('cachedContent', 'cached_content', z.string()),
  labels: z.record(z.string(), z.string()).optional(),
});

export type GeminiPart = z.infer<typeof geminiPartSchema>;
export type GeminiContent = z.infer<typeof geminiContentSchema>;
export type GeminiTool = z.infer<typeof geminiToolSchema>;
export type GeminiToolConfig = z.infer<typeof geminiToolConfigSchema>;
export type GeminiGenerationConfig = z.infer<typeof geminiGenerationConfigSchema>;
export type GeminiRequest = z.infer<typeof geminiRequestSchema>;
