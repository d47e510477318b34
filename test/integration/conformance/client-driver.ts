/**
 * What the conformance tests need from a client format: send one turn of a conversation through
 * Switchyard on the plain wire (undici, no SDK) and read the answer back into one neutral shape, plus
 * the assistant turn exactly as that client would replay it in its next request.
 */
import { isRecord } from '../../fakes/fake-reply.js';
import { send } from '../../fakes/fake-test-helpers.js';

export type ClientLabel = 'chat' | 'responses' | 'messages' | 'gemini';

export interface ToolCallSeen {
  id: string;
  name: string;
  /** Parsed arguments (the client's own wire carries JSON text or an object). */
  arguments: unknown;
}

export type StopSeen = 'stop' | 'length' | 'tool' | 'other';

export interface ErrorSeen {
  message: string;
  type: string | undefined;
}

export interface TurnOutcome {
  status: number;
  text: string;
  reasoning: string;
  /** The opaque reasoning proof the client got (thinking signature, encrypted_content, thoughtSignature). */
  reasoningProofs: string[];
  toolCalls: ToolCallSeen[];
  /** Prompt tokens including cached ones, and output tokens, as the client's wire reports them. */
  usage: { input: number; output: number; cached: number } | undefined;
  stop: StopSeen | undefined;
  /** An HTTP error body or an in-band stream error, in the client's own shape. */
  error: ErrorSeen | undefined;
  /** The stream ended with its format's clean terminator ([DONE], message_stop, response.completed, finishReason). */
  cleanEnd: boolean;
  /** The assistant turn as this client replays it (a message, a list of items, a content). */
  assistantTurn: unknown;
  raw: string;
}

export interface WeatherTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** An image in the user turn: inline data, or a URL. */
export type TurnImage = { mediaType: string; data: string } | { mediaType: string; url: string };

export function dataUrl(image: TurnImage): string {
  return 'url' in image ? image.url : `data:${image.mediaType};base64,${image.data}`;
}

export interface TurnRequest {
  model: string;
  prompt: string;
  images?: TurnImage[];
  system?: string;
  tools?: WeatherTool[];
  reasoning?: boolean;
  stream: boolean;
  /** The previous turn and the results the client's tools produced, one per call in order. */
  previous?: { outcome: TurnOutcome; results: string[] };
}

export interface ClientDriver {
  send(turn: TurnRequest): Promise<TurnOutcome>;
}

export interface Gateway {
  url: string;
  clientKey: string;
}

export function emptyOutcome(status: number, raw: string): TurnOutcome {
  return {
    status,
    text: '',
    reasoning: '',
    reasoningProofs: [],
    toolCalls: [],
    usage: undefined,
    stop: undefined,
    error: undefined,
    cleanEnd: false,
    assistantTurn: undefined,
    raw,
  };
}

/** POSTs one turn's JSON body; the outcome holds the status and the raw answer, for the driver to read. */
export async function postTurn(url: string, body: Record<string, unknown>, headers: Record<string, string>): Promise<TurnOutcome> {
  const reply = await send(url, { method: 'POST', body, headers });
  return emptyOutcome(reply.status, reply.text);
}

/** An error object as the client reads it; formats name its kind `type`, `code` or `status`, and an empty kind is none. */
export function errorSeen(error: unknown, typeKey = 'type'): ErrorSeen {
  const record = asRecord(error);
  return { message: asString(record.message), type: asString(record[typeKey]) || undefined };
}

/** An HTTP error answer (`{ error: { message, type } }`) read into the outcome; true when there was one. */
export function readHttpError(outcome: TurnOutcome): boolean {
  if (outcome.status < 400) return false;
  outcome.error = errorSeen(asRecord(parseJsonText(outcome.raw)).error);
  return true;
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function asNumber(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
