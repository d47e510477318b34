/**
 * The reference proxy: the practical limit for a Node proxy, and what Switchyard's targets are ratios
 * to. node:http in, undici `request` on a keep-alive Pool out, the body streamed through unchanged
 * both ways with backpressure, the upstream call aborted when the client goes away. No auth, no parsing.
 *
 * `node --import tsx bench/reference-proxy.ts <upstream origin>`; reports its URL over IPC or stdout.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Pool } from 'undici';

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value;
  }
  return kept;
}

export async function startReferenceProxy(upstreamOrigin: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool(upstreamOrigin, { connections: null, pipelining: 1, keepAliveTimeout: 30_000, bodyTimeout: 0 });
  const server = createServer({ keepAliveTimeout: 65_000 }, async (request, response) => {
    const abort = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    try {
      const reply = await pool.request({
        path: request.url ?? '/',
        method: request.method as 'POST',
        headers: forwardable(request.headers),
        body: request.method === 'GET' || request.method === 'HEAD' ? null : request,
        signal: abort.signal,
      });
      response.writeHead(reply.statusCode, forwardable(reply.headers));
      // pipe() keeps backpressure and is cheaper than stream/promises' pipeline (an AbortController per call).
      reply.body.once('error', () => response.destroy()).pipe(response);
    } catch {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end();
    }
  });
  server.maxConnections = 20_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.destroy();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const proxy = await startReferenceProxy(process.argv[2] ?? 'http://127.0.0.1:8318');
  if (process.send) {
    process.send({ url: proxy.url });
    process.once('disconnect', () => process.exit(0));
  }
  else process.stdout.write(`${proxy.url}\n`);
  process.once('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
}
