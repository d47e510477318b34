import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../shared/ipc-bridge.js';
import { IpcTransport, findBridge, type SwitchyardContractBridge } from './ipc-transport.js';
import { TransportError } from './transport-error.js';

/** What the preload exposes as `window.switchyard`: operations answering `{ok, value|error}`, and subscribe. */
function fakePreload(answers: Record<string, (input: unknown) => IpcResult<unknown>>) {
  const listeners = new Map<string, Set<(event: { id: number; type: string; time: number; data: unknown }) => void>>();
  const received: Array<{ name: string; input: unknown }> = [];
  const operations = new Proxy(
    {},
    {
      get: (_target, name: string) => async (input: unknown) => {
        received.push({ name, input });
        const answer = answers[name];
        return answer ? answer(input) : { ok: false, error: { code: 'not_found', status: 404, retryable: false, message: `no ${name}` } };
      },
    },
  );
  const bridge = {
    operations,
    subscribe(type: string, listener: (event: { id: number; type: string; time: number; data: unknown }) => void) {
      const set = listeners.get(type) ?? new Set();
      set.add(listener);
      listeners.set(type, set);
      return () => set.delete(listener);
    },
  } as unknown as SwitchyardContractBridge;
  const push = (type: string, data: unknown) => listeners.get(type)?.forEach((listener) => listener({ id: 1, type, time: 2, data }));
  return { bridge, received, push, listenerCount: () => [...listeners.values()].reduce((total, set) => total + set.size, 0) };
}

describe('IpcTransport over window.switchyard', () => {
  it('finds the bridge only when the preload exposed one', () => {
    const { bridge } = fakePreload({});
    expect(findBridge({ switchyard: bridge })).toBe(bridge);
    expect(findBridge({})).toBeUndefined();
    expect(findBridge({ switchyard: { operations: {} } })).toBeUndefined();
  });

  it('answers with the value, validated by the contract', async () => {
    const preload = fakePreload({ getClientKey: () => ({ ok: true, value: { key: 'sy-abc', revealed: true, source: 'vault' } }) });
    const transport = new IpcTransport(preload.bridge);
    expect(await transport.call('getClientKey', { reveal: true })).toEqual({ key: 'sy-abc', revealed: true, source: 'vault' });
    expect(preload.received).toEqual([{ name: 'getClientKey', input: { reveal: true } }]);
  });

  it('turns {ok:false} into a TransportError with the words and the field', async () => {
    const preload = fakePreload({
      updateSettings: () => ({ ok: false, error: { code: 'bad_request', status: 400, retryable: false, message: 'Invalid setting "port".', param: 'port' } }),
    });
    const error = await new IpcTransport(preload.bridge).call('updateSettings', { patch: { port: -1 } }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).shape).toMatchObject({ param: 'port', message: 'Invalid setting "port".' });
  });

  it('refuses a reply the contract does not describe', async () => {
    const preload = fakePreload({ health: () => ({ ok: true, value: { surprise: true } }) });
    await expect(new IpcTransport(preload.bridge).call('health', {})).rejects.toThrow(/does not understand/);
  });

  it('hands out contract events and drops malformed ones', () => {
    const preload = fakePreload({});
    const transport = new IpcTransport(preload.bridge);
    const seen: string[] = [];
    transport.subscribe('log', (event) => seen.push(event.data.message));
    preload.push('log', { seq: 1, time: 1, level: 'info', message: 'hello', fields: {} });
    preload.push('log', { seq: 'x' });
    expect(seen).toEqual(['hello']);
    let state = '';
    transport.onStreamState((current) => (state = current));
    expect(state).toBe('live');
    transport.close();
    expect(preload.listenerCount()).toBe(0);
  });
});
