/**
 * OpenAI Responses wire shapes. The request body is validated with zod (item by item, so a 400 names
 * `input[3].call_id`); the response types are plain TypeScript for the encoder, and stream events are
 * read with type guards, never zod on the hot path.
 */
import { z } from 'zod';
import { reasoningEfforts } from '../../canonical/canonical-request.js';

// ---------------------------------------------------------------- request

export const reasoningSummaries = ['auto', 'concise', 'detailed', 'none'] as const;

export const openAiResponsesRequestSchema = z.looseObject({
  model: z.string().min(1).optional(),
  input: z.union([z.string(), z.array(z.unknown()).min(1)]),
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).nullish(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.string() })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(reasoningEfforts).nullish(),
      summary: z.enum(reasoningSummaries).nullish(),
      generate_summary: z.enum(reasoningSummaries).nullish(),
    })
    .nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
});

export const functionToolSchema = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: z.string().nullish(),
  format: z.record(z.string(), z.unknown()).nullish(),
});

export const namedToolChoiceSchema = z.looseObject({ type: z.string(), name: z.string().min(1) });

const inputTextPartSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const outputTextPartSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const inputImagePartSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFilePartSchema = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_url: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});

export const messageContentSchema = z.array(
  z.discriminatedUnion('type', [inputTextPartSchema, outputTextPartSchema, refusalPartSchema, inputImagePartSchema, inputFilePartSchema]),
);
export type MessageContentPart = z.infer<typeof messageContentSchema>[number];

export const toolOutputContentSchema = z.array(
  z.discriminatedUnion('type', [inputTextPartSchema, outputTextPartSchema, inputImagePartSchema, inputFilePartSchema]),
);

export const messageItemSchema = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(z.unknown())]),
  id: z.string().nullish(),
  phase: z.string().nullish(),
});

export const functionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  id: z.string().nullish(),
});

export const customToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
  id: z.string().nullish(),
});

export const toolCallOutputItemSchema = z.looseObject({
  type: z.enum(['function_call_output', 'custom_tool_call_output']),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.unknown())]),
});

export const reasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

// ---------------------------------------------------------------- response (what we render)

export type ResponsesOutputText = { type: 'output_text'; text: string; annotations: never[] };
export type ResponsesSummaryText = { type: 'summary_text'; text: string };

export type ResponsesMessageItem = {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed';
  role: 'assistant';
  content: ResponsesOutputText[];
  /** Codex `commentary` / `final_answer`, when the upstream gave one. */
  phase?: string;
};
export type ResponsesReasoningItem = {
  id: string;
  type: 'reasoning';
  summary: ResponsesSummaryText[];
  encrypted_content?: string;
};
export type ResponsesFunctionCallItem = {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed';
  call_id: string;
  name: string;
  arguments: string;
};
export type ResponsesCustomToolCallItem = {
  id: string;
  type: 'custom_tool_call';
  status: 'in_progress' | 'completed';
  call_id: string;
  name: string;
  input: string;
};
export type ResponsesOutputItem = ResponsesMessageItem | ResponsesReasoningItem | ResponsesFunctionCallItem | ResponsesCustomToolCallItem;

export type ResponsesUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

// ---------------------------------------------------------------- stream events (reference for guards)

/** The upstream events the decoder understands; every other `type` is ignored. */
export const decodedEventTypes = [
  'response.created',
  'response.output_item.added',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.custom_tool_call_input.delta',
  'response.custom_tool_call_input.done',
  'response.output_item.done',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
] as const;
