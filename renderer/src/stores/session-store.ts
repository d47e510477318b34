/**
 * The session: which transport the dashboard uses (IPC in the app; HTTP with the management key in a
 * browser), whether the key was accepted, the event stream's state, and the view on screen.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SwitchyardContractBridge } from '../transport/ipc-transport.js';
import { IpcTransport } from '../transport/ipc-transport.js';
import { managementKeyStorageName, takeManagementKey, type KeyLocation, type KeyStorage } from '../transport/management-key.js';
import type { StreamState, Transport } from '../transport/transport.js';
import { TransportError, errorInWords } from '../transport/transport-error.js';

export const viewIds = ['providers', 'health', 'logs', 'usage', 'tools', 'settings'] as const;
export type ViewId = (typeof viewIds)[number];

export interface SessionState {
  phase: 'needs-key' | 'checking' | 'ready';
  transport: Transport | undefined;
  /** Why the last key was not accepted, in words. */
  keyError: string | undefined;
  streamState: StreamState;
  view: ViewId;
  /** Check a key with the server; on success the dashboard opens. */
  submitKey(key: string): Promise<boolean>;
  /** Forget the key (this tab) and ask again. */
  signOut(message?: string): void;
  setView(view: ViewId): void;
}

export interface SessionEnvironment {
  /** `window.switchyard` in the app; then no key is needed. */
  bridge?: SwitchyardContractBridge;
  storage: KeyStorage;
  location: KeyLocation;
  replaceUrl(url: string): void;
  createHttpTransport(key: string, onKeyRefused: (error: TransportError) => void): Transport;
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(environment: SessionEnvironment): SessionStore {
  let stopStreamState: (() => void) | undefined;

  const store = createStore<SessionState>()((set, get) => {
    const adopt = (transport: Transport) => {
      stopStreamState?.();
      stopStreamState = transport.onStreamState((streamState) => set({ streamState }));
      set({ transport, phase: 'ready', keyError: undefined });
    };

    const drop = (keyError: string | undefined) => {
      stopStreamState?.();
      stopStreamState = undefined;
      get().transport?.close();
      environment.storage.removeItem(managementKeyStorageName);
      set({ transport: undefined, phase: 'needs-key', keyError, streamState: 'closed' });
    };

    return {
      phase: 'needs-key',
      transport: undefined,
      keyError: undefined,
      streamState: 'closed',
      view: 'providers',

      async submitKey(key) {
        const trimmed = key.trim();
        if (!trimmed) {
          set({ keyError: 'Enter the management key.' });
          return false;
        }
        set({ phase: 'checking', keyError: undefined });
        const transport = environment.createHttpTransport(trimmed, (error) => {
          if (get().transport === transport) drop(`${errorInWords(error)} Enter the management key again.`);
        });
        try {
          await transport.call('health', {});
        } catch (error) {
          transport.close();
          const refused = error instanceof TransportError && error.refusedKey;
          if (refused) environment.storage.removeItem(managementKeyStorageName);
          set({ phase: 'needs-key', keyError: errorInWords(error) });
          return false;
        }
        environment.storage.setItem(managementKeyStorageName, trimmed);
        adopt(transport);
        return true;
      },

      signOut(message) {
        drop(message);
      },

      setView(view) {
        set({ view });
      },
    };
  });

  if (environment.bridge) {
    const transport = new IpcTransport(environment.bridge);
    stopStreamState = transport.onStreamState((streamState) => store.setState({ streamState }));
    store.setState({ transport, phase: 'ready' });
  } else {
    const key = takeManagementKey(environment.location, environment.storage, (url) => environment.replaceUrl(url));
    if (key) void store.getState().submitKey(key);
  }
  return store;
}
