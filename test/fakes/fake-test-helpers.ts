/** Plain undici helpers for the fakes' own tests: an outside client, no project code. */
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'undici';

export interface SseFrame {
  event?: string;
  data: string;
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Splits an SSE body into frames; asserts nothing, so tests can check the framing themselves. */
export function parseSse(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    const frame: SseFrame = { data: '' };
    const dataLines: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) frame.event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) dataLines.push(line.slice('data: '.length));
    }
    frame.data = dataLines.join('\n');
    frames.push(frame);
  }
  return frames;
}

/** Parsed data of each frame, skipping a literal [DONE]. */
export function sseData(text: string): Array<Record<string, unknown>> {
  return parseSse(text)
    .filter((frame) => frame.data !== '[DONE]')
    .map((frame) => JSON.parse(frame.data) as Record<string, unknown>);
}

export interface PlainRequest {
  /** POST when there is a body, GET otherwise. */
  method?: 'GET' | 'POST' | 'DELETE' | 'HEAD';
  /** Sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function send(url: string, options: PlainRequest = {}): Promise<PlainResponse> {
  const hasBody = options.body !== undefined;
  const response = await request(url, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: hasBody ? (typeof options.body === 'string' ? options.body : JSON.stringify(options.body)) : undefined,
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** Reads a body until it ends or fails, returning what arrived and the failure, if any. */
export async function readUntilEnd(
  url: string,
  options: { body: unknown; headers?: Record<string, string> },
): Promise<{ status: number; text: string; error: unknown }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
  });
  let text = '';
  try {
    for await (const piece of response.body) text += (piece as Buffer).toString('utf8');
    return { status: response.statusCode, text, error: undefined };
  } catch (error) {
    return { status: response.statusCode, text, error };
  }
}

/**
 * Opens a streaming request and resolves once `frames` SSE frames have arrived, with an abort() that closes
 * the connection from the client side (what a disconnecting user does).
 */
export async function openStream(
  url: string,
  options: { body: unknown; headers?: Record<string, string>; frames: number },
): Promise<{ status: number; text: string; abort: () => void }> {
  const controller = new AbortController();
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
    signal: controller.signal,
  });
  let text = '';
  const iterator = response.body[Symbol.asyncIterator]();
  while ((text.match(/\n\n/g) ?? []).length < options.frames) {
    const next = await iterator.next();
    if (next.done) break;
    text += (next.value as Buffer).toString('utf8');
  }
  response.body.on('error', () => undefined); // the abort below surfaces here; it is expected
  return { status: response.statusCode, text, abort: () => controller.abort() };
}

/** A PKCE verifier and its S256 challenge, as an OAuth client makes them. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(96).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Opens an authorize URL without following the redirect: the status and where it points. */
export async function authorize(url: string): Promise<{ status: number; location?: URL }> {
  const reply = await request(url);
  await reply.body.dump();
  const location = reply.headers.location;
  return { status: reply.statusCode, ...(typeof location === 'string' ? { location: new URL(location) } : {}) };
}
