/** The shared machinery of every fake: recording, reply queue, fault knobs, closed-socket detection. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from './index.js';
import { openStream, parseSse, readUntilEnd, send, sseData } from './fake-test-helpers.js';

const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'fake-gpt-4o',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

describe('fake upstream machinery', () => {
  let fake: FakeOpenAiCompatible;
  let completions: string;

  beforeEach(async () => {
    fake = await startFakeOpenAiCompatible();
    completions = `${fake.url}/v1/chat/completions`;
  });
  afterEach(async () => {
    await fake.close();
  });

  it('listens on an ephemeral loopback port', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.port).toBeGreaterThan(0);
  });

  it('records every request, rejected ones included', async () => {
    await send(`${completions}?trace=1`, { body: chat(), headers: { 'x-probe': 'yes' } });
    await send(completions, { body: 'not json' });
    const requests = await fake.waitForRequests(2);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions?trace=1', body: chat() });
    expect(requests[0].headers['x-probe']).toBe('yes');
    expect(requests[0].bodyText).toBe(JSON.stringify(chat()));
    expect(requests[1]).toMatchObject({ bodyText: 'not json', body: undefined });
    expect(fake.errors).toEqual([]);
  });

  it('waitForRequests resolves when a later request arrives', async () => {
    const waiting = fake.waitForRequests(1);
    await send(`${fake.url}/v1/models`);
    await expect(waiting).resolves.toHaveLength(1);
  });

  it('answers queued replies in order, then the default reply', async () => {
    fake.enqueue({ text: 'first' }, { text: 'second' });
    const texts: unknown[] = [];
    for (let index = 0; index < 3; index++) {
      const response = await send(completions, { body: chat() });
      texts.push((response.json as { choices: Array<{ message: { content: string } }> }).choices[0].message.content);
    }
    expect(texts).toEqual(['first', 'second', 'Hello from the fake upstream.']);
    fake.setDefaultReply({ text: 'changed default' });
    const changed = await send(completions, { body: chat() });
    expect(changed.text).toContain('changed default');
  });

  it('does not spend queued replies or faults on rejected requests', async () => {
    fake.enqueue({ text: 'kept' });
    fake.enqueueFault({ kind: 'status', status: 500 });
    expect((await send(completions, { body: { messages: [] } })).status).toBe(400);
    expect(fake.pendingReplies).toBe(1);
    expect(fake.pendingFaults).toBe(1);
  });

  it('latency: the reply still arrives', async () => {
    fake.enqueueFault({ kind: 'latency', ms: 20 });
    const response = await send(completions, { body: chat() });
    expect(response.status).toBe(200);
  });

  it('status: answers in the fake’s own error format, with overridable body and headers', async () => {
    fake.enqueueFault({ kind: 'status', status: 429 }, { kind: 'status', status: 500 }, { kind: 'status', status: 503, body: { custom: true }, headers: { 'x-extra': '1' } });
    const limited = await send(completions, { body: chat() });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('30');
    expect(limited.json).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    const failed = await send(completions, { body: chat() });
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ error: { type: 'server_error' } });
    const custom = await send(completions, { body: chat() });
    expect(custom).toMatchObject({ status: 503, json: { custom: true } });
    expect(custom.headers['x-extra']).toBe('1');
  });

  it('queued faults win over the persistent fault, which lasts until cleared', async () => {
    fake.setFault({ kind: 'status', status: 500 });
    fake.enqueueFault({ kind: 'status', status: 429 });
    expect((await send(completions, { body: chat() })).status).toBe(429);
    expect((await send(completions, { body: chat() })).status).toBe(500);
    expect((await send(completions, { body: chat() })).status).toBe(500);
    fake.setFault(undefined);
    expect((await send(completions, { body: chat() })).status).toBe(200);
  });

  it('cut: the client gets exactly N frames, then a premature end', async () => {
    fake.enqueueFault({ kind: 'cut', afterChunks: 2 });
    const result = await readUntilEnd(completions, { body: chat({ stream: true }) });
    expect(result.status).toBe(200);
    expect(parseSse(result.text)).toHaveLength(2);
    expect(result.error).toBeInstanceOf(Error);
    expect(fake.closedRequestCount).toBe(0); // the fake's own cut is not a client disconnect
  });

  it('cut on a non-stream reply: headers, then the connection ends without a body', async () => {
    fake.enqueueFault({ kind: 'cut', afterChunks: 0 });
    const result = await readUntilEnd(completions, { body: chat() });
    expect(result.status).toBe(200);
    expect(result.text).toBe('');
    expect(result.error).toBeInstanceOf(Error);
  });

  it('drop: the connection closes before any response', async () => {
    fake.enqueueFault({ kind: 'drop' });
    await expect(send(completions, { body: chat() })).rejects.toThrow();
    expect(fake.requests).toHaveLength(1);
  });

  it('stall + client abort: onRequestClosed resolves once the client closes its socket', async () => {
    fake.enqueueFault({ kind: 'stall', afterChunks: 1 });
    const stream = await openStream(completions, { body: chat({ stream: true }), frames: 1 });
    expect(parseSse(stream.text)).toHaveLength(1);
    const closed = fake.onRequestClosed();
    stream.abort();
    await closed;
    await fake.waitForClosedRequests(1);
    expect(fake.closedRequestCount).toBe(1);
  });

  it('onRequestClosed resolves even when the close happened before it was called', async () => {
    fake.enqueueFault({ kind: 'stall', afterChunks: 0 });
    const stream = await openStream(completions, { body: chat({ stream: true }), frames: 0 });
    stream.abort();
    await fake.waitForClosedRequests(1);
    await expect(fake.onRequestClosed(0)).resolves.toBeUndefined();
  });

  it('onRequestClosed rejects when the request finished normally', async () => {
    await send(completions, { body: chat() });
    await expect(fake.onRequestClosed()).rejects.toThrow(/not closed by the client: finished/);
  });

  it('close() ends stalled answers and destroys their sockets', async () => {
    fake.enqueueFault({ kind: 'stall', afterChunks: 1 });
    const response = await request(completions, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chat({ stream: true })) });
    const reading = response.body.text();
    await fake.close();
    await expect(reading).rejects.toThrow();
    expect(fake.closedRequestCount).toBe(0);
  });

  it('chunkCount splits the text into N deltas; chunkIntervalMs still delivers everything', async () => {
    fake.enqueue({ text: 'abcdefghij', chunkCount: 5, chunkIntervalMs: 5 });
    const response = await send(completions, { body: chat({ stream: true }) });
    const deltas = sseData(response.text)
      .map((chunk) => (chunk.choices as Array<{ delta: { content?: string } }>)[0]?.delta.content)
      .filter((content) => content);
    expect(deltas).toEqual(['ab', 'cd', 'ef', 'gh', 'ij']);
  });

  it('reply headers are added to the answer', async () => {
    fake.enqueue({ text: 'x', headers: { 'x-reply': 'tagged' } });
    const response = await send(completions, { body: chat() });
    expect(response.headers['x-reply']).toBe('tagged');
  });

  it('reset() forgets requests, queues and faults', async () => {
    await send(completions, { body: chat() });
    fake.enqueue({ text: 'a' });
    fake.setFault({ kind: 'status', status: 500 });
    fake.reset();
    expect(fake.requests).toEqual([]);
    expect(fake.pendingReplies).toBe(0);
    expect((await send(completions, { body: chat() })).status).toBe(200);
  });
});
