import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamHttp } from '../upstream-http.js';
import { rateLimitEventWatcher } from './chatgpt-rate-limit-tap.js';

const rateLimits = { type: 'codex.rate_limits', rate_limits: { primary: { used_percent: 12.5, window_minutes: 300, reset_at: 1 } } };
const stream = [
  'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n',
  `event: codex.rate_limits\ndata: ${JSON.stringify(rateLimits)}\n\n`,
  'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"\\"codex.rate_limits\\" is just text"}\n\n',
  `data: ${JSON.stringify(rateLimits)}\n\n`,
].join('');

describe('rateLimitEventWatcher', () => {
  it('finds the event however the bytes are split, once', () => {
    for (const size of [1, 7, 64, stream.length]) {
      const seen: unknown[] = [];
      const watch = rateLimitEventWatcher((event) => seen.push(event));
      const bytes = Buffer.from(stream);
      for (let offset = 0; offset < bytes.length; offset += size) watch(bytes.subarray(offset, offset + size));
      expect(seen).toEqual([rateLimits]);
    }
  });

  it('ignores text that only mentions the event, and unnamed frames of other types', () => {
    const seen: unknown[] = [];
    const watch = rateLimitEventWatcher((event) => seen.push(event));
    watch(Buffer.from('data: {"type":"response.output_text.delta","delta":"codex.rate_limits"}\n\ndata: {"type":"x","note":"\\"codex.rate_limits\\""}\n\n'));
    expect(seen).toEqual([]);
  });
});

describe('UpstreamHttp watchBody', () => {
  let server: Server;
  let url: string;
  const http = new UpstreamHttp({ connectTimeoutMs: () => 5_000, firstByteTimeoutMs: () => 5_000 });

  beforeAll(async () => {
    // The whole answer in one write: headers and body reach the client in the same packet.
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(stream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/responses`;
  });

  afterAll(async () => {
    await http.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sees every chunk, even of a body that arrived with the headers, and leaves the body whole', async () => {
    const seen: unknown[] = [];
    const statuses: number[] = [];
    const reply = await http.request({
      url,
      headers: {},
      body: '{}',
      signal: AbortSignal.timeout(5_000),
      watchBody: ({ status }) => {
        statuses.push(status);
        return rateLimitEventWatcher((event) => seen.push(event));
      },
    });
    let text = '';
    for await (const chunk of reply.body) text += String(chunk);
    expect(text).toBe(stream);
    expect(statuses).toEqual([200]);
    expect(seen).toEqual([rateLimits]);

    const plain = await http.request({ url, headers: {}, body: '{}', signal: AbortSignal.timeout(5_000), watchBody: () => undefined });
    expect(await plain.body.text()).toBe(stream);
  });
});
