import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import { LoopbackCallbackServer, LoopbackListenError, type LoopbackCallbackOptions } from './loopback-callback-server.js';

const opened: LoopbackCallbackServer[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((server) => server.close()));
  await Promise.all(blockers.splice(0).map((blocker) => new Promise<void>((resolve) => blocker.close(() => resolve()))));
});

async function busyPort(): Promise<number> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  blockers.push(blocker);
  return (blocker.address() as { port: number }).port;
}

async function open(overrides: Partial<LoopbackCallbackOptions> = {}) {
  const codes: string[] = [];
  const failures: Error[] = [];
  let failed!: (error: Error) => void;
  const failure = new Promise<Error>((resolve) => (failed = resolve));
  const server = await LoopbackCallbackServer.open({
    ports: [0],
    path: '/callback',
    expectedState: 'the-state',
    timeoutMs: 60_000,
    serviceName: 'Test',
    onCode: async (code) => {
      codes.push(code);
    },
    onFailure: (error) => {
      failures.push(error);
      failed(error);
    },
    ...overrides,
  });
  opened.push(server);
  return { server, codes, failures, failure };
}

async function get(port: number, path: string): Promise<{ status: number; text: string }> {
  const reply = await request(`http://127.0.0.1:${port}${path}`);
  return { status: reply.statusCode, text: await reply.body.text() };
}

async function refuses(port: number): Promise<boolean> {
  return get(port, '/callback').then(
    () => false,
    () => true,
  );
}

describe('LoopbackCallbackServer', () => {
  it('takes one valid callback, shows the success page and closes', async () => {
    const { server, codes } = await open();
    const wrongPath = await get(server.port, '/other?code=c&state=the-state');
    expect(wrongPath.status).toBe(404);
    const page = await get(server.port, '/callback?code=the-code&state=the-state');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Test account connected');
    expect(codes).toEqual(['the-code']);
    expect(server.isOpen).toBe(false);
    expect(await refuses(server.port)).toBe(true);
  });

  it('refuses a missing or wrong state and a missing code, and keeps listening', async () => {
    const { server, codes } = await open();
    expect(await get(server.port, '/callback?code=c')).toMatchObject({ status: 400, text: expect.stringContaining('no_state') });
    expect(await get(server.port, '/callback?code=c&state=forged')).toMatchObject({ status: 400, text: expect.stringContaining('state mismatch') });
    expect(await get(server.port, '/callback?state=the-state')).toMatchObject({ status: 400, text: expect.stringContaining('no_code') });
    expect(codes).toEqual([]);
    expect(server.isOpen).toBe(true);
  });

  it('shows the failure page when the exchange fails, escaping the message', async () => {
    const { server } = await open({
      onCode: async () => {
        throw new Error('bad <code>');
      },
    });
    const page = await get(server.port, '/callback?code=c&state=the-state');
    expect(page.status).toBe(400);
    expect(page.text).toContain('bad &#60;code&#62;');
    expect(server.isOpen).toBe(false);
  });

  it('reports the provider error redirect', async () => {
    const { server, failure } = await open();
    const page = await get(server.port, '/callback?error=access_denied&error_description=Nope&state=the-state');
    expect(page.status).toBe(400);
    expect((await failure).message).toBe('Test refused the login: access_denied (Nope).');
    expect(server.isOpen).toBe(false);
  });

  it('times out and closes', async () => {
    const { server, failure } = await open({ timeoutMs: 10 });
    expect((await failure).message).toContain('No callback arrived');
    await server.close();
    expect(await refuses(server.port)).toBe(true);
  });

  it('falls back to the next port, and reports EADDRINUSE when none is free', async () => {
    const taken = await busyPort();
    const { server } = await open({ ports: [taken, 0] });
    expect(server.port).not.toBe(taken);
    const failure = await LoopbackCallbackServer.open({
      ports: [taken],
      path: '/callback',
      expectedState: 's',
      timeoutMs: 1000,
      serviceName: 'Test',
      onCode: async () => undefined,
      onFailure: () => undefined,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoopbackListenError);
    expect((failure as LoopbackListenError).code).toBe('EADDRINUSE');
    expect((failure as Error).message).toContain(`port ${taken} on 127.0.0.1 is already in use`);
  });
});
