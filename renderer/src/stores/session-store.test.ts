import { describe, expect, it } from 'vitest';
import { FakeTransport, refusal } from '../testing/fake-transport.js';
import { healthSummary } from '../testing/sample-data.js';
import type { SwitchyardContractBridge } from '../transport/ipc-transport.js';
import { managementKeyStorageName } from '../transport/management-key.js';
import { createSessionStore, type SessionEnvironment } from './session-store.js';

function environment(overrides: Partial<SessionEnvironment> & { acceptedKey?: string; hash?: string } = {}) {
  const values = new Map<string, string>();
  const created: Array<{ key: string; refused: () => void }> = [];
  const replaced: string[] = [];
  const env: SessionEnvironment = {
    storage: { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value), removeItem: (key) => void values.delete(key) },
    location: { hash: overrides.hash ?? '', pathname: '/', search: '' },
    replaceUrl: (url) => replaced.push(url),
    createHttpTransport: (key, onKeyRefused) => {
      const transport = new FakeTransport({
        health: () => {
          if (key !== (overrides.acceptedKey ?? 'sy-right')) throw refusal('The management key is not valid for this Switchyard.', 401);
          return healthSummary();
        },
      });
      created.push({ key, refused: () => onKeyRefused(refusal('The management key is not valid for this Switchyard.', 401)) });
      return transport;
    },
    ...overrides,
  };
  return { env, values, created, replaced };
}

describe('the session', () => {
  it('asks for the key when there is none', () => {
    const { env } = environment();
    expect(createSessionStore(env).getState()).toMatchObject({ phase: 'needs-key', transport: undefined });
  });

  it('refuses a wrong key in words, and opens with the right one kept for the tab', async () => {
    const { env, values } = environment();
    const store = createSessionStore(env);
    expect(await store.getState().submitKey('sy-wrong')).toBe(false);
    expect(store.getState()).toMatchObject({ phase: 'needs-key', keyError: 'The management key is not valid for this Switchyard.' });
    expect(values.has(managementKeyStorageName)).toBe(false);
    expect(await store.getState().submitKey('  sy-right  ')).toBe(true);
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().keyError).toBeUndefined();
    expect(values.get(managementKeyStorageName)).toBe('sy-right');
  });

  it('opens from a one-time link and cleans the address', async () => {
    const { env, replaced } = environment({ hash: '#key=sy-right' });
    const store = createSessionStore(env);
    expect(replaced).toEqual(['/']);
    await new Promise<void>((resolve) => store.subscribe((state) => state.phase === 'ready' && resolve()));
    expect(store.getState().transport?.kind).toBe('http');
  });

  it('goes back to the prompt when the server later refuses the key', async () => {
    const { env, created, values } = environment();
    const store = createSessionStore(env);
    await store.getState().submitKey('sy-right');
    created[0].refused();
    expect(store.getState()).toMatchObject({ phase: 'needs-key', transport: undefined });
    expect(store.getState().keyError).toContain('Enter the management key again');
    expect(values.has(managementKeyStorageName)).toBe(false);
  });

  it('needs no key in the app: IPC is ready at once', () => {
    const bridge = { operations: {}, subscribe: () => () => undefined } as unknown as SwitchyardContractBridge;
    const { env } = environment({ bridge });
    const store = createSessionStore(env);
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().transport?.kind).toBe('ipc');
    expect(store.getState().streamState).toBe('live');
  });
});
