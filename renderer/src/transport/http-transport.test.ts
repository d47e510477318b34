import { describe, expect, it } from 'vitest';
import { managementEventsPath, operationPath } from '../../../shared/contract.js';
import { HttpTransport } from './http-transport.js';
import { TransportError } from './transport-error.js';

type Call = { url: string; init: RequestInit };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** An SSE body the test writes to, frame by frame. */
function sseBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(control) {
      controller = control;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send(event: { id: number; type: string; data: unknown }) {
      controller.enqueue(encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify({ ...event, time: 1 })}\n\n`));
    },
    end() {
      controller.close();
    },
  };
}

const logData = (seq: number) => ({ seq, time: 1, level: 'info', message: `line ${seq}`, fields: {} });

function waitUntil(check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 2_000;
    const tick = () => (check() ? resolve() : Date.now() > deadline ? reject(new Error('deadline')) : setTimeout(tick, 5));
    tick();
  });
}

describe('HttpTransport operations', () => {
  it('POSTs the input with the management key as a bearer token and validates the reply', async () => {
    const calls: Call[] = [];
    const transport = new HttpTransport({
      managementKey: 'sy-mgmt',
      baseUrl: 'http://127.0.0.1:8317',
      fetch: async (url, init) => {
        calls.push({ url, init });
        return json(200, { key: '••••abcd', revealed: false, source: 'vault' });
      },
    });
    expect(await transport.call('getClientKey', {})).toEqual({ key: '••••abcd', revealed: false, source: 'vault' });
    expect(calls[0].url).toBe(`http://127.0.0.1:8317${operationPath('getClientKey')}`);
    expect(calls[0].init.method).toBe('POST');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer sy-mgmt');
    expect(calls[0].init.body).toBe('{}');
  });

  it('turns an error reply into a TransportError with the words and the field', async () => {
    const transport = new HttpTransport({
      managementKey: 'k',
      fetch: async () => json(400, { error: { code: 'bad_request', status: 400, retryable: false, message: 'Invalid setting "port".', param: 'port' } }),
    });
    const error = await transport.call('updateSettings', { patch: { port: 0 } }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toBe('Invalid setting "port".');
    expect((error as TransportError).shape.param).toBe('port');
  });

  it('tells the session when the key is refused', async () => {
    const refused: string[] = [];
    const transport = new HttpTransport({
      managementKey: 'wrong',
      fetch: async () => json(401, { error: { code: 'unauthorized', status: 401, retryable: false, message: 'The management key is not valid for this Switchyard.' } }),
      onKeyRefused: (error) => refused.push(error.message),
    });
    await expect(transport.call('health', {})).rejects.toThrow('not valid');
    expect(refused).toEqual(['The management key is not valid for this Switchyard.']);
  });

  it('says in words when the server does not answer, or answers something else', async () => {
    const down = new HttpTransport({ managementKey: 'k', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(down.call('health', {})).rejects.toThrow(/did not answer.*still running/);
    const odd = new HttpTransport({ managementKey: 'k', fetch: async () => json(200, { nothing: true }) });
    await expect(odd.call('health', {})).rejects.toThrow(/does not understand/);
    const proxy = new HttpTransport({ managementKey: 'k', fetch: async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }) });
    await expect(proxy.call('health', {})).rejects.toThrow('Switchyard answered 502 Bad Gateway.');
  });
});

describe('HttpTransport events', () => {
  it('reads the SSE stream with fetch, hands events out by type, and resumes by id after a drop', async () => {
    const streams: Array<ReturnType<typeof sseBody>> = [];
    const calls: Call[] = [];
    const transport = new HttpTransport({
      managementKey: 'sy-mgmt',
      reconnectDelayMs: 1,
      fetch: async (url, init) => {
        calls.push({ url, init });
        const body = sseBody();
        streams.push(body);
        return body.response;
      },
    });
    const states: string[] = [];
    transport.onStreamState((state) => states.push(state));
    const logs: string[] = [];
    const health: string[] = [];
    const stopLogs = transport.subscribe('log', (event) => logs.push(event.data.message));
    const stopHealth = transport.subscribe('health', (event) => health.push(event.data.status));
    await waitUntil(() => streams.length === 1);
    expect(calls[0].url).toBe(managementEventsPath);
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer sy-mgmt');

    streams[0].send({ id: 7, type: 'log', data: logData(1) });
    streams[0].send({ id: 8, type: 'health', data: { status: 'warn', reasons: ['vault: key file'] } });
    streams[0].send({ id: 9, type: 'future-event', data: {} });
    await waitUntil(() => logs.length === 1 && health.length === 1);
    expect(states).toContain('live');

    streams[0].end();
    await waitUntil(() => streams.length === 2);
    expect((calls[1].init.headers as Record<string, string>)['last-event-id']).toBe('8');
    streams[1].send({ id: 10, type: 'log', data: logData(2) });
    await waitUntil(() => logs.length === 2);
    expect(logs).toEqual(['line 1', 'line 2']);

    stopLogs();
    stopHealth();
    expect(calls[1].init.signal?.aborted).toBe(true);
    expect(states.at(-1)).toBe('closed');
  });

  it('stops and reports a refused key instead of retrying', async () => {
    let attempts = 0;
    const refused: string[] = [];
    const transport = new HttpTransport({
      managementKey: 'old',
      reconnectDelayMs: 1,
      fetch: async () => {
        attempts += 1;
        return json(401, { error: { code: 'unauthorized', status: 401, retryable: false, message: 'The management key is not valid for this Switchyard.' } });
      },
      onKeyRefused: (error) => refused.push(error.message),
    });
    transport.subscribe('log', () => undefined);
    await waitUntil(() => refused.length === 1);
    expect(attempts).toBe(1);
  });
});
