/**
 * OpenAI Chat Completions wire shapes. Requests are validated with zod (loose objects, so unknown
 * fields survive into providerMetadata); responses and stream chunks are read through small guards,
 * because zod on the hot path costs more than the translation itself.
 */
import { z } from 'zod';
import { reasoningEfforts } from '../../canonical/canonical-request.js';

const contentError = { error: 'expected a string or an array of content parts' };

/** Chat accepts `content: "text"` or an array of parts; both become an array of parts here. */
function stringOrParts<Part extends z.ZodType>(part: Part) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? [{ type: 'text', text: value }] : value),
    z.array(part, contentError),
  );
}

/** Like stringOrParts, and `null` (an assistant message with only tool calls) means no parts. */
function nullableStringOrParts<Part extends z.ZodType>(part: Part) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? [{ type: 'text', text: value }] : value === null ? [] : value),
    z.array(part, contentError).optional(),
  );
}

export const textPartSchema = z.looseObject({ type: z.literal('text'), text: z.string() });

export const imagePartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.string().optional() }),
});

const fileDataError = 'file_data is required: file_id references cannot be forwarded to another provider';

export const filePartSchema = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string({ error: fileDataError }).min(1, fileDataError),
    filename: z.string().optional(),
  }),
});

export const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

export const userPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema, filePartSchema]);
export const assistantPartSchema = z.discriminatedUnion('type', [textPartSchema, refusalPartSchema]);

/** Arguments are JSON text; some clients send the object itself, which we re-serialise. */
const argumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown()).transform((value) => JSON.stringify(value))]);

export const functionToolCallSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1), arguments: argumentsSchema }),
});

export const customToolCallSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal('custom'),
  custom: z.looseObject({ name: z.string().min(1), input: z.string() }),
});

export const toolCallSchema = z.discriminatedUnion('type', [functionToolCallSchema, customToolCallSchema]);

export const systemMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer']),
  content: stringOrParts(textPartSchema),
});

export const userMessageSchema = z.looseObject({ role: z.literal('user'), content: stringOrParts(userPartSchema) });

export const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: nullableStringOrParts(assistantPartSchema),
  tool_calls: z.array(toolCallSchema).nullish(),
  reasoning_content: z.string().nullish(),
});

export const toolMessageSchema = z.looseObject({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1),
  content: stringOrParts(textPartSchema),
});

export const messageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});

export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  custom: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    format: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** Any other tool type is kept verbatim as a Chat built-in tool (wrapped by the preprocess below). */
export const otherToolSchema = z.object({ type: z.literal('other'), definition: z.record(z.string(), z.unknown()) });

/**
 * A discriminated union keeps error paths exact (`tools[0].function.name`); tools of another string
 * type are wrapped first so they pass as built-ins instead of failing the union.
 */
export const toolSchema = z.preprocess(
  (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const type = (value as { type?: unknown }).type;
    return typeof type === 'string' && type !== 'function' && type !== 'custom'
      ? { type: 'other', definition: value }
      : value;
  },
  z.discriminatedUnion('type', [functionToolSchema, customToolSchema, otherToolSchema], {
    error: 'expected a tool object with a string `type`',
  }),
);

export const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) }),
]);

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1).optional(),
  messages: z.array(messageSchema).min(1),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  reasoning_effort: z.enum(reasoningEfforts).nullish(),
  user: z.string().nullish(),
});

export type ChatRequest = z.output<typeof chatRequestSchema>;
export type ChatMessage = z.output<typeof messageSchema>;
export type ChatUserPart = z.output<typeof userPartSchema>;
export type ChatTool = z.output<typeof toolSchema>;
export type ChatToolChoice = z.output<typeof toolChoiceSchema>;

/** Request fields the canonical request carries; every other field goes to providerMetadata. */
export const mappedRequestFields: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'stream',
  'stream_options',
  'reasoning_effort',
  'user',
]);

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';
