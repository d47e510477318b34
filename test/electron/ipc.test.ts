import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { FakeBrowserWindow, FakeWebContents, fake, ipcEventFrom } from './fake-electron.js';
import { eventChannel, operationChannel } from '../../shared/ipc-bridge.js';
import { QuotaError } from '../../electron/core/errors/switchyard-error.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { registerContractHandlers, createEventPublisher } = await import('../../electron/main/ipc.js');
const { WindowRegistry } = await import('../../electron/main/window-registry.js');
const { dashboardEntryUrl } = await import('../../electron/main/dashboard-url.js');

/** A small contract of its own, so these tests do not depend on the real one. */
const testContract = {
  echo: { input: z.strictObject({ text: z.string().min(1) }), output: z.object({ text: z.string(), length: z.number() }) },
  whoami: { input: z.strictObject({}), output: z.object({ name: z.string() }) },
  broken: { input: z.strictObject({}), output: z.object({ count: z.number() }) },
  busy: { input: z.strictObject({}), output: z.object({}) },
};
const testEvents = { tick: z.object({ count: z.number() }) };

const handlers = {
  echo: vi.fn(async ({ text }: { text: string }) => ({ text, length: text.length })),
  // The extra field must never leave: the output schema does not name it.
  whoami: vi.fn(async () => ({ name: 'dashboard', secret: 'sk-should-not-leave' })),
  broken: vi.fn(async () => ({ count: 'three' }) as unknown as { count: number }),
  busy: vi.fn(async (): Promise<Record<string, never>> => {
    throw new QuotaError('Every account is cooling down.', 42);
  }),
};

beforeEach(() => {
  fake.reset();
  vi.clearAllMocks();
});

function setup() {
  const registry = new WindowRegistry();
  const problems: string[] = [];
  const unregister = registerContractHandlers({ contract: testContract, handlers, registry, onProblem: (name, problem) => problems.push(`${name}:${problem}`) });
  const dashboard = new FakeBrowserWindow({});
  registry.add(dashboard.webContents as never, 'dashboard');
  void dashboard.loadURL(dashboardEntryUrl);
  return { registry, dashboard, problems, unregister };
}

describe('IPC handlers derived from a contract', () => {
  it('registers exactly one handler per operation, and removes them again', () => {
    const { unregister } = setup();
    expect(fake.ipcMain.channels().sort()).toEqual(Object.keys(testContract).map(operationChannel).sort());
    unregister();
    expect(fake.ipcMain.channels()).toEqual([]);
  });

  it('round-trips a call from the dashboard', async () => {
    const { dashboard } = setup();
    const reply = await fake.ipcMain.invoke(operationChannel('echo'), ipcEventFrom(dashboard.webContents), { text: 'hello' });
    expect(reply).toEqual({ ok: true, value: { text: 'hello', length: 5 } });
    expect(handlers.echo).toHaveBeenCalledWith({ text: 'hello' });
  });

  it.each([
    ['a webContents it never registered', () => ipcEventFrom(new FakeWebContents(fake.session.defaultSession), dashboardEntryUrl)],
    ['an OAuth window', (registry: InstanceType<typeof WindowRegistry>) => {
      const oauth = new FakeBrowserWindow({});
      registry.add(oauth.webContents as never, 'oauth');
      return ipcEventFrom(oauth.webContents, dashboardEntryUrl);
    }],
    ['a dashboard window showing another page', (_registry: unknown, dashboard: FakeBrowserWindow) => ipcEventFrom(dashboard.webContents, 'https://evil.example/')],
    ['a sub-frame of the dashboard', (_registry: unknown, dashboard: FakeBrowserWindow) => ipcEventFrom(dashboard.webContents, dashboardEntryUrl, dashboard.webContents.mainFrame)],
    ['a destroyed frame', (_registry: unknown, dashboard: FakeBrowserWindow) => ({ ...ipcEventFrom(dashboard.webContents), senderFrame: null })],
    ['another object that reuses the dashboard id', (_registry: unknown, dashboard: FakeBrowserWindow) => {
      const impostor = new FakeWebContents(fake.session.defaultSession);
      Object.defineProperty(impostor, 'id', { value: dashboard.webContents.id });
      return ipcEventFrom(impostor, dashboardEntryUrl);
    }],
  ])('rejects a call from %s', async (_name, makeEvent) => {
    const { registry, dashboard, problems } = setup();
    const reply = await fake.ipcMain.invoke(operationChannel('echo'), makeEvent(registry, dashboard), { text: 'hello' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    expect(handlers.echo).not.toHaveBeenCalled();
    expect(problems).toEqual(['echo:foreign-sender']);
  });

  it('rejects an invalid payload, naming the field, without calling the core', async () => {
    const { dashboard } = setup();
    const event = ipcEventFrom(dashboard.webContents);
    expect(await fake.ipcMain.invoke(operationChannel('echo'), event, { text: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', status: 400, param: 'text' },
    });
    expect(await fake.ipcMain.invoke(operationChannel('echo'), event, { text: 'a', extra: true })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await fake.ipcMain.invoke(operationChannel('echo'), event, 'not an object')).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(handlers.echo).not.toHaveBeenCalled();
  });

  it('lets no field leave that the contract does not name, and refuses a reply that breaks it', async () => {
    const { dashboard, problems } = setup();
    const event = ipcEventFrom(dashboard.webContents);
    expect(await fake.ipcMain.invoke(operationChannel('whoami'), event, {})).toEqual({ ok: true, value: { name: 'dashboard' } });
    expect(await fake.ipcMain.invoke(operationChannel('broken'), event, {})).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(problems).toEqual(['broken:invalid-output']);
  });

  it('returns a failure as a value that keeps the error fields', async () => {
    const { dashboard } = setup();
    expect(await fake.ipcMain.invoke(operationChannel('busy'), ipcEventFrom(dashboard.webContents), {})).toEqual({
      ok: false,
      error: { code: 'rate_limited', status: 429, retryable: true, retryAfterSeconds: 42, message: 'Every account is cooling down.' },
    });
  });
});

describe('events pushed through the contract', () => {
  it('go to open dashboards only, validated, on the one event channel', () => {
    const { registry, dashboard } = setup();
    const oauth = new FakeBrowserWindow({});
    registry.add(oauth.webContents as never, 'oauth');
    const closed = new FakeBrowserWindow({});
    registry.add(closed.webContents as never, 'dashboard');
    closed.close();
    const publisher = createEventPublisher(testEvents, () => registry.contentsWithRole('dashboard'));

    expect(publisher.publish({ id: 1, type: 'tick', time: 5, data: { count: 1, extra: 'dropped' } })).toBe(true);
    expect(publisher.publish({ id: 2, type: 'tick', time: 6, data: { count: 'x' } })).toBe(false);
    expect(publisher.publish({ id: 3, type: 'unknown' as 'tick', time: 7, data: {} })).toBe(false);
    expect(dashboard.webContents.sent).toEqual([{ channel: eventChannel, payload: { id: 1, type: 'tick', time: 5, data: { count: 1 } } }]);
    expect(oauth.webContents.sent).toEqual([]);
    expect(closed.webContents.sent).toEqual([]);
  });
});
