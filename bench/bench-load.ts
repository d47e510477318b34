/**
 * The load side: sequential latency and streaming time-to-first-event with a small undici client,
 * throughput with autocannon, and held streams for memory. Every function takes an Endpoint so the
 * direct call, the reference proxy and Switchyard are measured by the same code.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Pool, request } from 'undici';
import { benchHoldModel, benchModel } from './bench-upstream.js';
import { benchClientKey, switchyardHoldModel, switchyardModel } from './bench-processes.js';
import type { Target } from './bench-report.js';

export interface Endpoint {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body(stream: boolean, hold?: boolean): string;
}

/** A small coding-agent turn: a system prompt, a few messages and one tool. */
const history = [
  { role: 'user', content: 'Find where the request id is created and make it shorter.' },
  { role: 'assistant', content: 'I will look at the middleware first.' },
  { role: 'user', content: 'Keep it URL-safe, and keep the existing tests green.' },
];
const systemPrompt = 'You are a careful coding agent. Answer briefly; use the tools when you need to read files.';
const readFileTool = {
  name: 'read_file',
  description: 'Read a file of the repository',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

export function chatBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'system', content: systemPrompt }, ...history],
    tools: [{ type: 'function', function: readFileTool }],
    max_tokens: 256,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

export function messagesBody(model: string, stream: boolean): string {
  return JSON.stringify({
    model,
    system: systemPrompt,
    messages: history,
    tools: [{ name: readFileTool.name, description: readFileTool.description, input_schema: readFileTool.parameters }],
    max_tokens: 256,
    ...(stream ? { stream: true } : {}),
  });
}

const json = { 'content-type': 'application/json' };

/** The upstream itself, or the reference proxy in front of it: both take the upstream's own model names. */
export function chatEndpoint(origin: string): Endpoint {
  return { origin, path: '/v1/chat/completions', headers: json, body: (stream, hold) => chatBody(hold ? benchHoldModel : benchModel, stream) };
}

export function switchyardPassthrough(origin: string): Endpoint {
  return {
    origin,
    path: '/v1/chat/completions',
    headers: { ...json, authorization: `Bearer ${benchClientKey}` },
    body: (stream, hold) => chatBody(hold ? switchyardHoldModel : switchyardModel, stream),
  };
}

export function switchyardTranslated(origin: string): Endpoint {
  return {
    origin,
    path: '/v1/messages',
    headers: { ...json, 'x-api-key': benchClientKey, 'anthropic-version': '2023-06-01' },
    body: (stream, hold) => messagesBody(hold ? switchyardHoldModel : switchyardModel, stream),
  };
}

/** What each target is called with: the direct call and the reference proxy take Chat, Switchyard Chat or Messages. */
export function endpointFor(target: Target, origin: string): Endpoint {
  switch (target) {
    case 'direct':
    case 'reference':
      return chatEndpoint(origin);
    case 'passthrough':
      return switchyardPassthrough(origin);
    case 'translated':
      return switchyardTranslated(origin);
  }
}

function check(status: number, endpoint: Endpoint): void {
  if (status !== 200) throw new Error(`${endpoint.origin}${endpoint.path} answered ${status}`);
}

/** Whole-request latencies (send to last byte), one request at a time on one keep-alive connection, ms. */
export async function sequentialLatency(endpoint: Endpoint, count: number): Promise<number[]> {
  const pool = new Pool(endpoint.origin, { connections: 1, keepAliveTimeout: 60_000 });
  const body = endpoint.body(false);
  const samples: number[] = [];
  try {
    for (let index = 0; index < count; index++) {
      const started = performance.now();
      const reply = await pool.request({ path: endpoint.path, method: 'POST', headers: endpoint.headers, body });
      await reply.body.arrayBuffer();
      samples.push(performance.now() - started);
      check(reply.statusCode, endpoint);
    }
  } finally {
    await pool.close();
  }
  return samples;
}

/** Time to the first body bytes of a streamed reply (the first event), at `concurrency`, ms. */
export async function streamingFirstEvent(endpoint: Endpoint, count: number, concurrency: number): Promise<number[]> {
  const pool = new Pool(endpoint.origin, { connections: concurrency, keepAliveTimeout: 60_000 });
  const body = endpoint.body(true);
  const samples: number[] = [];
  let remaining = count;
  const worker = async () => {
    while (remaining-- > 0) {
      const started = performance.now();
      const reply = await pool.request({ path: endpoint.path, method: 'POST', headers: endpoint.headers, body });
      let first = true;
      for await (const _chunk of reply.body) {
        if (first) {
          samples.push(performance.now() - started);
          first = false;
        }
      }
      check(reply.statusCode, endpoint);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return samples;
}

export interface ThroughputResult {
  requestsPerSecond: number;
  requests: number;
  failures: number;
}

/** autocannon at `connections` for `durationSeconds`, or for `amount` requests in quick runs. */
export async function throughput(endpoint: Endpoint, connections: number, run: { durationSeconds?: number; amount?: number }): Promise<ThroughputResult> {
  const result = await autocannon({
    url: `${endpoint.origin}${endpoint.path}`,
    connections,
    method: 'POST',
    headers: endpoint.headers,
    body: endpoint.body(false),
    ...(run.amount ? { amount: run.amount } : { duration: run.durationSeconds ?? 5 }),
  });
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return { requestsPerSecond: result['2xx'] / seconds, requests: result['2xx'], failures: result.non2xx + result.errors + result.timeouts };
}

export interface HeldStreams {
  /** Every stream has delivered its first event and is now held open by the upstream. */
  opened: Promise<void>;
  /** Every stream has ended (after the upstream released them). */
  closed: Promise<void>;
  openCount(): number;
}

/** Opens `count` streams that the upstream holds after their first event, until `POST /release`. */
export function holdStreams(endpoint: Endpoint, count: number): HeldStreams {
  const pool = new Pool(endpoint.origin, { connections: count, keepAliveTimeout: 60_000 });
  const body = endpoint.body(true, true);
  let openCount = 0;
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpen = resolve));
  const one = async () => {
    const reply = await pool.request({ path: endpoint.path, method: 'POST', headers: endpoint.headers, body });
    check(reply.statusCode, endpoint);
    let first = true;
    for await (const _chunk of reply.body) {
      if (first && ++openCount === count) markOpen();
      first = false;
    }
  };
  const all = Promise.all(Array.from({ length: count }, one));
  const closed = all.then(() => pool.close());
  return { opened: Promise.race([opened, all.then(() => undefined)]), closed, openCount: () => openCount };
}

export async function releaseHeldStreams(upstreamUrl: string): Promise<void> {
  const reply = await request(`${upstreamUrl}/release`, { method: 'POST' });
  await reply.body.dump();
}
