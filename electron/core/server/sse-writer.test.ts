import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from 'undici';
import { createFrameWriter, drained, flushHeadersSoon } from './sse-writer.js';

let server: Server | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  server?.closeAllConnections();
  server?.close();
});

/** A response to a client that does not read; resolves once the response refuses more bytes. */
async function fullResponse(): Promise<{ response: ServerResponse; body: NodeJS.ReadableStream & { resume(): void; destroy(): void } }> {
  let served: ((response: ServerResponse) => void) | undefined;
  const got = new Promise<ServerResponse>((resolve) => (served = resolve));
  server = createServer((_request, response) => served?.(response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const reply = client.request({ path: '/', method: 'GET' });
  const response = await got;
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.flushHeaders();
  const { body } = await reply;
  body.pause();
  // Fill Node's buffer, then the kernel's socket buffers, until the response stays full.
  const writer = createFrameWriter(response, 'sse');
  const frame = { event: 'content_block_delta', data: 'x'.repeat(256 * 1024) };
  for (let rounds = 0; rounds < 1_000 && !response.writableNeedDrain; rounds++) {
    while (writer.write([frame]));
    await nextTurn();
  }
  expect(response.writableNeedDrain).toBe(true);
  return { response, body };
}

describe('drained', () => {
  it('is immediate while the client keeps up', async () => {
    const response = { writableNeedDrain: false, destroyed: false } as ServerResponse;
    await expect(drained(response)).resolves.toBeUndefined();
  });

  it('waits for a slow client to read, then resolves', async () => {
    const { response, body } = await fullResponse();
    let settled = false;
    const waiting = drained(response).then(() => (settled = true));
    await nextTurn();
    expect(settled).toBe(false);
    body.resume();
    await waiting;
    expect(response.writableNeedDrain).toBe(false);
  });

  it('resolves when the client goes away instead of waiting forever', async () => {
    const { response, body } = await fullResponse();
    const waiting = drained(response);
    body.destroy();
    await client?.destroy();
    await waiting;
    expect(response.writableFinished).toBe(false);
  });
});

describe('flushHeadersSoon', () => {
  it('sends the headers on their own when no bytes follow in this turn', async () => {
    let served: ((response: ServerResponse) => void) | undefined;
    const got = new Promise<ServerResponse>((resolve) => (served = resolve));
    server = createServer((_request, response) => served?.(response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const reply = client.request({ path: '/', method: 'GET' });
    const response = await got;
    response.statusCode = 200;
    response.setHeader('content-type', 'text/event-stream');
    flushHeadersSoon(response);
    expect(response.headersSent).toBe(false);
    const { statusCode, headers, body } = await reply;
    expect(statusCode).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream');
    response.end('data: done\n\n');
    expect(await body.text()).toBe('data: done\n\n');
  });
});
