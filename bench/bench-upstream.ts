/**
 * The benchmark's upstream: an OpenAI-compatible server with 0 ms latency whose replies are built once
 * at start, so it costs next to nothing per request and is never the bottleneck. Not a test fake: it
 * checks nothing and records nothing.
 *
 * - `POST /v1/chat/completions`: JSON, or SSE of `chunks` deltas when the body asks for `"stream":true`.
 *   The model `bench-hold` sends the first delta and then holds the stream until `POST /release`.
 * - `GET /v1/models`, `GET /stats` (held streams), `POST /release`.
 *
 * Run as its own process: `node --import tsx bench/bench-upstream.ts [chunks]`; it reports its port
 * over IPC (or prints it when started without an IPC channel).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export const benchModel = 'bench-model';
export const benchHoldModel = 'bench-hold';

const created = 1_700_000_000;

function chunk(delta: Record<string, unknown>, finishReason: string | null): string {
  const body = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: benchModel, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

interface PreparedReplies {
  json: Buffer;
  streamHead: Buffer;
  streamDeltas: Buffer[];
  streamTail: Buffer;
}

function prepareReplies(chunkCount: number): PreparedReplies {
  const text = 'The quick brown fox jumps over the lazy dog while the gateway relays every byte. ';
  const json = {
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created,
    model: benchModel,
    choices: [{ index: 0, message: { role: 'assistant', content: text.trim() }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 120, completion_tokens: 18, total_tokens: 138 },
  };
  const usageChunk = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: benchModel, choices: [], usage: json.usage };
  const words = text.split(' ');
  return {
    json: Buffer.from(JSON.stringify(json)),
    streamHead: Buffer.from(chunk({ role: 'assistant', content: '' }, null)),
    streamDeltas: Array.from({ length: chunkCount }, (_, index) => Buffer.from(chunk({ content: `${words[index % words.length]} ` }, null))),
    streamTail: Buffer.from(`${chunk({}, 'stop')}data: ${JSON.stringify(usageChunk)}\n\ndata: [DONE]\n\n`),
  };
}

const models = Buffer.from(JSON.stringify({ object: 'list', data: [benchModel, benchHoldModel].map((id) => ({ id, object: 'model', created, owned_by: 'bench' })) }));
const jsonHeaders = { 'content-type': 'application/json' };
const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

export interface BenchUpstream {
  server: Server;
  url: string;
  held(): number;
  close(): Promise<void>;
}

export async function startBenchUpstream(chunkCount = 20, port = 0): Promise<BenchUpstream> {
  const replies = prepareReplies(chunkCount);
  const held = new Set<ServerResponse>();

  function streamRest(response: ServerResponse, fromDelta: number): void {
    for (let index = fromDelta; index < replies.streamDeltas.length; index++) response.write(replies.streamDeltas[index]);
    response.end(replies.streamTail);
  }

  function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
    const url = request.url ?? '';
    if (request.method === 'POST' && url.endsWith('/chat/completions')) {
      if (!body.includes('"stream":true')) {
        response.writeHead(200, jsonHeaders).end(replies.json);
        return;
      }
      response.writeHead(200, sseHeaders);
      response.write(replies.streamHead);
      if (body.includes(benchHoldModel)) {
        response.write(replies.streamDeltas[0]);
        held.add(response);
        response.once('close', () => held.delete(response));
        return;
      }
      streamRest(response, 0);
      return;
    }
    if (request.method === 'GET' && url.endsWith('/models')) {
      response.writeHead(200, jsonHeaders).end(models);
      return;
    }
    if (request.method === 'POST' && url === '/release') {
      const streams = [...held];
      held.clear();
      for (const stream of streams) streamRest(stream, 1);
      response.writeHead(200, jsonHeaders).end(JSON.stringify({ released: streams.length }));
      return;
    }
    if (request.method === 'GET' && url === '/stats') {
      response.writeHead(200, jsonHeaders).end(JSON.stringify({ held: held.size }));
      return;
    }
    response.writeHead(404, jsonHeaders).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
  }

  const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (text: string) => (body += text));
    request.on('end', () => answer(request, response, body));
  });
  server.maxConnections = 20_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    held: () => held.size,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const chunkCount = Number(process.argv[2] ?? 20);
  const upstream = await startBenchUpstream(chunkCount);
  if (process.send) {
    process.send({ url: upstream.url });
    process.once('disconnect', () => process.exit(0));
  }
  else process.stdout.write(`${upstream.url}\n`);
  process.once('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
}
