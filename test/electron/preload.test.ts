import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron.js';
import { eventTypes, operationNames } from '../../shared/contract.js';
import { eventChannel, operationChannel, type BridgeEvent } from '../../shared/ipc-bridge.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

interface ExposedBridge {
  operations: Record<string, (input: unknown) => Promise<unknown>>;
  subscribe(type: string, listener: (event: BridgeEvent) => void): () => void;
}

let bridge: ExposedBridge;

beforeAll(async () => {
  await import('../../electron/preload/index.js');
  bridge = fake.exposed.switchyard as ExposedBridge;
});

describe('the preload', () => {
  it('exposes window.switchyard with exactly the contract operations and nothing that forwards a channel', () => {
    expect(Object.keys(fake.exposed)).toEqual(['switchyard']);
    expect(Object.keys(bridge).sort()).toEqual(['operations', 'subscribe']);
    expect(Object.keys(bridge.operations).sort()).toEqual([...operationNames].sort());
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.operations)).toBe(true);
  });

  it('sends each operation on its own fixed channel with only the input', async () => {
    fake.ipcRenderer.route = async (channel, args) => ({ ok: true, value: { channel, args } });
    for (const name of operationNames) {
      const input = { probe: name };
      expect(await bridge.operations[name](input)).toEqual({ ok: true, value: { channel: operationChannel(name), args: [input] } });
    }
    expect(fake.ipcRenderer.invoked.map((call) => call.channel)).toEqual(operationNames.map(operationChannel));
  });

  it('turns a call that never reached the app into a failure value', async () => {
    fake.ipcRenderer.route = async () => {
      throw new Error("No handler registered for 'x'");
    };
    expect(await bridge.operations.health({})).toMatchObject({ ok: false, error: { code: 'internal_error' } });
  });

  it('delivers contract events by type, drops anything else, and stops listening when unsubscribed', () => {
    expect(() => bridge.subscribe('not-an-event', () => undefined)).toThrow(/not an event/);
    const logs: BridgeEvent[] = [];
    const health: BridgeEvent[] = [];
    const stopLogs = bridge.subscribe('log', (event) => logs.push(event));
    const stopHealth = bridge.subscribe('health', (event) => health.push(event));
    expect(fake.ipcRenderer.listenerCount(eventChannel)).toBe(1);

    fake.ipcRenderer.deliver(eventChannel, { id: 1, type: 'log', time: 10, data: { message: 'hi' } });
    fake.ipcRenderer.deliver(eventChannel, { id: 2, type: 'health', time: 11, data: { status: 'ok', reasons: [] } });
    fake.ipcRenderer.deliver(eventChannel, { id: 3, type: 'secret-channel', time: 12, data: {} });
    fake.ipcRenderer.deliver(eventChannel, 'garbage');
    fake.ipcRenderer.deliver('some-other-channel', { id: 4, type: 'log', time: 13, data: {} });
    expect(logs).toEqual([{ id: 1, type: 'log', time: 10, data: { message: 'hi' } }]);
    expect(health.map((event) => event.id)).toEqual([2]);

    stopLogs();
    expect(fake.ipcRenderer.listenerCount(eventChannel)).toBe(1);
    stopHealth();
    expect(fake.ipcRenderer.listenerCount(eventChannel)).toBe(0);
    expect(eventTypes).toContain('log');
  });
});
