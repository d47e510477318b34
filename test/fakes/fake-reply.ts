/**
 * The scenario every fake upstream speaks: one reply, described once, rendered by each fake in its own wire format.
 * Nothing here imports from electron/core: the fakes are an outside view of the wire.
 */

export interface FakeToolCall {
  /** Wire id; each fake mints one in its own style (call_…, toolu_…) when absent. */
  id?: string;
  name: string;
  /** JSON text of the arguments, streamed in fragments. */
  arguments: string;
}

export interface FakeUsage {
  /** Prompt tokens not read from cache (Anthropic `input_tokens`; OpenAI/Codex/Gemini prompt totals add `cached`). */
  input: number;
  output: number;
  cached?: number;
  reasoning?: number;
}

export type FakeFinish = 'stop' | 'length' | 'tool_calls';

export interface FakeReply {
  text?: string;
  reasoning?: { text: string; signature?: string };
  toolCalls?: FakeToolCall[];
  usage?: FakeUsage;
  /** Defaults to `tool_calls` when toolCalls are present, else `stop`. */
  finish?: FakeFinish;
  omitUsage?: boolean;
  /** Streams: sent in-band after the content deltas, then the stream ends. Non-stream: a 500 error body. */
  midStreamError?: { type: string; message: string };
  /** Split the text (and reasoning) into this many deltas; default one delta per word. */
  chunkCount?: number;
  /** Delay between frames; default 0. */
  chunkIntervalMs?: number;
  /** Extra response headers for this reply. */
  headers?: Record<string, string>;
}

export const DEFAULT_REPLY_TEXT = 'Hello from the fake upstream.';

export const DEFAULT_USAGE: Required<FakeUsage> = { input: 10, output: 6, cached: 0, reasoning: 0 };

export function defaultReply(): FakeReply {
  return { text: DEFAULT_REPLY_TEXT };
}

/** Splits text into deltas: `chunkCount` near-equal pieces (by code point), or one per word by default. */
export function splitText(text: string, chunkCount?: number): string[] {
  if (text.length === 0) return [];
  if (chunkCount === undefined) return text.match(/\s*\S+\s*|\s+/g) ?? [text];
  const codePoints = Array.from(text);
  const pieces = Math.max(1, Math.min(chunkCount, codePoints.length));
  const result: string[] = [];
  for (let piece = 0; piece < pieces; piece++) {
    const start = Math.floor((piece * codePoints.length) / pieces);
    const end = Math.floor(((piece + 1) * codePoints.length) / pieces);
    result.push(codePoints.slice(start, end).join(''));
  }
  return result;
}

/** Tool arguments arrive in two fragments so translators must concatenate. */
export function splitArguments(argumentsText: string): string[] {
  return splitText(argumentsText, 2);
}

export function resolvedUsage(reply: FakeReply): Required<FakeUsage> {
  return { ...DEFAULT_USAGE, ...reply.usage };
}

export function resolvedFinish(reply: FakeReply): FakeFinish {
  if (reply.finish) return reply.finish;
  return reply.toolCalls && reply.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

/** Arguments as an object for wires that carry parsed JSON (Anthropic input, Gemini args); invalid JSON becomes {}. */
export function parsedArguments(argumentsText: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    return isRecord(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
