/**
 * The canonical request: every client format parses into it and every upstream format is built from it.
 * Fields no canonical slot can carry travel in `providerMetadata`, keyed by the format that produced them.
 */
import type { FormatId } from './format-id.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Opaque per-format extras, e.g. `{ 'anthropic-messages': { cache_control: {...} } }`. */
export type ProviderMetadata = Partial<Record<FormatId, JsonObject>>;

export interface TextContent {
  type: 'text';
  text: string;
  providerMetadata?: ProviderMetadata;
}

export type MediaSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string };

export interface ImageContent {
  type: 'image';
  source: MediaSource;
  providerMetadata?: ProviderMetadata;
}

export interface FileContent {
  type: 'file';
  source: MediaSource;
  filename?: string;
  providerMetadata?: ProviderMetadata;
}

/**
 * Model reasoning. `signature` is an upstream's opaque proof (Claude thinking signature, Responses
 * `encrypted_content`, Gemini `thoughtSignature`); `signatureFormat` says which upstream minted it,
 * because a signature may only be replayed to the format that produced it.
 */
export interface ReasoningContent {
  type: 'reasoning';
  text: string;
  signature?: string;
  signatureFormat?: FormatId;
  /** Claude `redacted_thinking` data. */
  redactedData?: string;
  providerMetadata?: ProviderMetadata;
}

export interface ToolCallContent {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them. */
  arguments: string;
  /** Responses freeform tools (`custom_tool_call`) take raw text, not JSON. */
  kind?: 'function' | 'custom';
  providerMetadata?: ProviderMetadata;
}

export interface ToolResultContent {
  type: 'tool-result';
  toolCallId: string;
  toolName?: string;
  content: Array<TextContent | ImageContent>;
  isError?: boolean;
  providerMetadata?: ProviderMetadata;
}

export type UserContent = TextContent | ImageContent | FileContent;
export type AssistantContent = TextContent | ReasoningContent | ToolCallContent;

export type CanonicalMessage =
  | { role: 'user'; content: UserContent[]; providerMetadata?: ProviderMetadata }
  | { role: 'assistant'; content: AssistantContent[]; providerMetadata?: ProviderMetadata }
  | { role: 'tool'; content: ToolResultContent[]; providerMetadata?: ProviderMetadata };

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments, standard (lower-case) types. */
  parameters: JsonObject;
  strict?: boolean;
  providerMetadata?: ProviderMetadata;
}

/** Responses freeform tool: the model writes raw text input. */
export interface CustomTool {
  type: 'custom';
  name: string;
  description?: string;
  format?: JsonObject;
}

/** A format's own built-in tool (web search, code execution...), passed through to that format only. */
export interface BuiltinTool {
  type: 'builtin';
  format: FormatId;
  definition: JsonObject;
}

export type CanonicalTool = FunctionTool | CustomTool | BuiltinTool;

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; name: string };

export const reasoningEfforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

export interface ReasoningConfig {
  effort?: ReasoningEffort;
  /** Token budget when the client gave one (Claude `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
  /** Responses `reasoning.summary`. */
  summary?: 'auto' | 'concise' | 'detailed' | 'none';
  /** Whether the client wants thoughts back (Gemini `includeThoughts`). */
  includeThoughts?: boolean;
}

export interface CanonicalRequest {
  /** The model the client asked for, before routing rewrites it. */
  model: string;
  system: TextContent[];
  messages: CanonicalMessage[];
  tools: CanonicalTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  reasoning?: ReasoningConfig;
  stream: boolean;
  /** Chat `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** An end-user id the client supplied; forwarded only where the format has the field. */
  user?: string;
  /** Request-level fields of the client format that no canonical slot carries. */
  providerMetadata?: ProviderMetadata;
}
