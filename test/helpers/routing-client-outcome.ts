/**
 * The routing tests' view of one client request, read off the wire: a raw HTTP request in the client's
 * format (Chat, Anthropic Messages or Responses), and what came back: the answer text (also the part
 * seen before an in-band error), how many terminators (`[DONE]`, `message_stop`, `response.completed`)
 * and how many errors in the client's own shape. "Exactly one complete answer or exactly one error"
 * is then a count, not a guess.
 */
import { request } from 'undici';
import { parseSse } from '../fakes/fake-test-helpers.js';

export type RoutingClient = 'chat' | 'messages' | 'responses';
export const routingClients: RoutingClient[] = ['chat', 'messages', 'responses'];

export interface ClientOutcome {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The answer text the client saw (complete, or what came before an in-band error). */
  text: string;
  /** Terminators of a complete answer: `[DONE]`, `message_stop`, `response.completed`; 1 for a 200 JSON answer. */
  completions: number;
  /** Errors in the client's format: an error body, or in-band error events. */
  errors: number;
  /** Frames or bodies that fit neither the answer nor the error shape of the format. */
  malformed: string[];
  /** The error's `type` (Anthropic) or `code`/`type` (OpenAI), when there is one. */
  errorType?: string;
  raw: string;
}

export interface SendOptions {
  model: string;
  stream: boolean;
  signal?: AbortSignal;
  prompt?: string;
}

const paths: Record<RoutingClient, string> = { chat: '/v1/chat/completions', messages: '/v1/messages', responses: '/v1/responses' };

function requestBody(client: RoutingClient, options: SendOptions): Record<string, unknown> {
  const prompt = options.prompt ?? 'Say hello.';
  switch (client) {
    case 'chat':
      return {
        model: options.model,
        messages: [{ role: 'user', content: prompt }],
        stream: options.stream,
        ...(options.stream ? { stream_options: { include_usage: true } } : {}),
      };
    case 'messages':
      return { model: options.model, max_tokens: 256, messages: [{ role: 'user', content: prompt }], stream: options.stream };
    case 'responses':
      return { model: options.model, input: prompt, stream: options.stream };
  }
}

function clientHeaders(client: RoutingClient, clientKey: string): Record<string, string> {
  const json = { 'content-type': 'application/json' };
  return client === 'messages'
    ? { ...json, 'x-api-key': clientKey, 'anthropic-version': '2023-06-01' }
    : { ...json, authorization: `Bearer ${clientKey}` };
}

type Json = Record<string, unknown>;

function parseJson(text: string): Json | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

/** `{error:{message,type|code}}` for OpenAI formats, `{type:'error',error:{type,message}}` for Anthropic. */
function errorTypeOf(client: RoutingClient, body: Json): string | undefined {
  if (client === 'messages') {
    if (body.type !== 'error') return undefined;
    const error = record(body.error);
    return typeof error.type === 'string' && typeof error.message === 'string' ? error.type : undefined;
  }
  const error = record(body.error);
  if (typeof error.message !== 'string') return undefined;
  return String(error.code ?? error.type ?? 'error');
}

function readStream(client: RoutingClient, outcome: ClientOutcome): void {
  for (const frame of parseSse(outcome.raw)) {
    if (client === 'chat' && frame.data === '[DONE]') {
      outcome.completions += 1;
      continue;
    }
    const data = parseJson(frame.data);
    if (!data) {
      outcome.malformed.push(frame.data);
      continue;
    }
    if (client === 'chat') {
      if (data.error !== undefined) {
        const type = errorTypeOf(client, data);
        if (type === undefined) outcome.malformed.push(frame.data);
        outcome.errors += 1;
        outcome.errorType = type;
        continue;
      }
      const choice = record((data.choices as unknown[] | undefined)?.[0]);
      const content = record(choice.delta).content;
      if (typeof content === 'string') outcome.text += content;
      continue;
    }
    if (client === 'messages') {
      if (frame.event === 'error') {
        const type = errorTypeOf(client, data);
        if (type === undefined) outcome.malformed.push(frame.data);
        outcome.errors += 1;
        outcome.errorType = type;
      } else if (frame.event === 'message_stop') outcome.completions += 1;
      else if (frame.event === 'content_block_delta' && record(data.delta).type === 'text_delta') outcome.text += String(record(data.delta).text);
      continue;
    }
    if (frame.event === 'response.failed' || frame.event === 'error') {
      const error = record(frame.event === 'error' ? data : record(data.response).error);
      if (typeof error.message !== 'string') outcome.malformed.push(frame.data);
      outcome.errors += 1;
      outcome.errorType = String(error.code ?? error.type ?? 'error');
    } else if (frame.event === 'response.completed') outcome.completions += 1;
    else if (frame.event === 'response.output_text.delta') outcome.text += String(data.delta);
  }
}

function answerText(client: RoutingClient, body: Json): string | undefined {
  switch (client) {
    case 'chat': {
      const content = record(record((body.choices as unknown[] | undefined)?.[0]).message).content;
      return typeof content === 'string' ? content : undefined;
    }
    case 'messages':
      if (body.type !== 'message' || !Array.isArray(body.content)) return undefined;
      return body.content.map((block) => (record(block).type === 'text' ? String(record(block).text) : '')).join('');
    case 'responses':
      if (body.object !== 'response' || !Array.isArray(body.output)) return undefined;
      return body.output
        .flatMap((item) => (Array.isArray(record(item).content) ? (record(item).content as unknown[]) : []))
        .map((part) => (record(part).type === 'output_text' ? String(record(part).text) : ''))
        .join('');
  }
}

function readJson(client: RoutingClient, outcome: ClientOutcome): void {
  const body = parseJson(outcome.raw);
  if (!body) {
    outcome.malformed.push(outcome.raw);
    return;
  }
  if (outcome.status >= 400) {
    const type = errorTypeOf(client, body);
    if (type === undefined) outcome.malformed.push(outcome.raw);
    outcome.errors += 1;
    outcome.errorType = type;
    return;
  }
  const text = answerText(client, body);
  if (text === undefined) outcome.malformed.push(outcome.raw);
  else {
    outcome.text = text;
    outcome.completions += 1;
  }
}

/** Sends one request in `client`'s format and reads the whole reply (or what came before `signal` aborted it). */
export async function sendAs(baseUrl: string, clientKey: string, client: RoutingClient, options: SendOptions): Promise<ClientOutcome> {
  const reply = await request(`${baseUrl}${paths[client]}`, {
    method: 'POST',
    headers: clientHeaders(client, clientKey),
    body: JSON.stringify(requestBody(client, options)),
    signal: options.signal,
  });
  const outcome: ClientOutcome = { status: reply.statusCode, headers: reply.headers, text: '', completions: 0, errors: 0, malformed: [], raw: '' };
  outcome.raw = await reply.body.text();
  const isStream = String(reply.headers['content-type'] ?? '').includes('text/event-stream');
  if (isStream) readStream(client, outcome);
  else readJson(client, outcome);
  return outcome;
}

/** A request whose reply body is handed over as it arrives (for client-disconnect tests). */
export async function openStream(baseUrl: string, clientKey: string, client: RoutingClient, options: Omit<SendOptions, 'stream'> & { signal: AbortSignal }) {
  const reply = await request(`${baseUrl}${paths[client]}`, {
    method: 'POST',
    headers: clientHeaders(client, clientKey),
    body: JSON.stringify(requestBody(client, { ...options, stream: true })),
    signal: options.signal,
  });
  return reply;
}
