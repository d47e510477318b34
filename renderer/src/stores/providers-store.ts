/**
 * Providers and their accounts, kept current by `account-status` events; account actions; connecting an
 * account (the login flow, followed by `login` events, with manual completion); OpenAI-compatible upstreams.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccountSummary, LoginStart, OpenAiCompatibleEntryInput, ProviderSummary, UpstreamTestResult } from '../contract-types.js';
import type { EventOf, Transport } from '../transport/transport.js';
import { errorInWords } from '../transport/transport-error.js';
import { coalesced } from './coalesced-loader.js';

export interface LoginFlow {
  providerId: string;
  phase: 'starting' | 'pending' | 'completing' | 'completed' | 'failed' | 'cancelled';
  start?: LoginStart;
  account?: AccountSummary;
  error?: string;
  /** Why a pasted address or code was not accepted (the login stays pending). */
  manualError?: string;
}

export interface ProvidersState {
  providers: ProviderSummary[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** Account id -> what is being done to it right now. */
  busy: Record<string, string>;
  actionError: { accountId: string; message: string } | undefined;
  /** A sentence about the last finished action (e.g. what disconnecting did upstream). */
  notice: string | undefined;
  login: LoginFlow | undefined;
  load(): Promise<void>;
  removeAccount(accountId: string): Promise<boolean>;
  setEnabled(accountId: string, enabled: boolean): Promise<void>;
  resetCooldown(accountId: string): Promise<void>;
  refreshQuota(accountId: string): Promise<void>;
  startLogin(providerId: string): Promise<void>;
  completeLogin(pasted: string): Promise<void>;
  cancelLogin(): Promise<void>;
  dismissLogin(): void;
  /** Throws a TransportError when the server refuses (the form shows it by field). */
  testUpstream(input: { baseUrl: string; apiKey?: string }): Promise<UpstreamTestResult>;
  addUpstream(entry: OpenAiCompatibleEntryInput): Promise<void>;
  dismissNotice(): void;
  /** Subscribe to the events that keep this store current; returns the unsubscribe function. */
  listen(): () => void;
}

export type ProvidersStore = StoreApi<ProvidersState>;

export function createProvidersStore(transport: Transport): ProvidersStore {
  return createStore<ProvidersState>()((set, get) => {
    const fetchProviders = coalesced(async () => {
      try {
        const { providers } = await transport.call('listProviders', {});
        set({ providers, status: 'ready', error: undefined });
      } catch (error) {
        set({ status: get().providers.length > 0 ? 'ready' : 'error', error: errorInWords(error) });
      }
    });

    const act = async (accountId: string, doing: string, action: () => Promise<unknown>): Promise<boolean> => {
      set((state) => ({ busy: { ...state.busy, [accountId]: doing }, actionError: undefined }));
      try {
        await action();
        return true;
      } catch (error) {
        set({ actionError: { accountId, message: errorInWords(error) } });
        return false;
      } finally {
        set((state) => {
          const busy = { ...state.busy };
          delete busy[accountId];
          return { busy };
        });
        await fetchProviders();
      }
    };

    const updateLogin = (state: string, patch: Partial<LoginFlow>) => {
      const login = get().login;
      if (login?.start?.state === state) set({ login: { ...login, ...patch } });
    };

    const onLoginEvent = (event: EventOf<'login'>) => {
      const { state, phase, account, error } = event.data;
      if (phase === 'completed') updateLogin(state, { phase, account, error: undefined, manualError: undefined });
      else if (phase === 'failed' || phase === 'cancelled') updateLogin(state, { phase, error });
    };

    return {
      providers: [],
      status: 'idle',
      error: undefined,
      busy: {},
      actionError: undefined,
      notice: undefined,
      login: undefined,

      async load() {
        if (get().status === 'idle') set({ status: 'loading' });
        await fetchProviders();
      },

      async removeAccount(accountId) {
        const account = get()
          .providers.flatMap((provider) => provider.accounts)
          .find((candidate) => candidate.id === accountId);
        let detail = '';
        const done = await act(accountId, 'Disconnecting…', async () => {
          detail = (await transport.call('removeAccount', { accountId })).detail;
        });
        if (done) set({ notice: `Disconnected ${account?.label ?? accountId}. ${detail}`.trim() });
        return done;
      },

      async setEnabled(accountId, enabled) {
        await act(accountId, enabled ? 'Enabling…' : 'Disabling…', () => transport.call('setAccountEnabled', { accountId, enabled }));
      },

      async resetCooldown(accountId) {
        await act(accountId, 'Resetting cooldown…', () => transport.call('resetCooldown', { accountId }));
      },

      async refreshQuota(accountId) {
        await act(accountId, 'Reading quota…', async () => {
          const { failures } = await transport.call('refreshQuota', { accountId });
          if (failures[0]) throw new Error(failures[0].error);
        });
      },

      async startLogin(providerId) {
        const previous = get().login;
        if (previous?.phase === 'pending' && previous.start) void transport.call('cancelLogin', { providerId: previous.providerId, state: previous.start.state }).catch(() => undefined);
        set({ login: { providerId, phase: 'starting' } });
        try {
          const start = await transport.call('startLogin', { providerId });
          if (get().login?.providerId === providerId && get().login?.phase === 'starting') set({ login: { providerId, phase: 'pending', start } });
        } catch (error) {
          set({ login: { providerId, phase: 'failed', error: errorInWords(error) } });
        }
      },

      async completeLogin(pasted) {
        const login = get().login;
        const text = pasted.trim();
        if (!login?.start || login.phase !== 'pending') return;
        if (!text) {
          set({ login: { ...login, manualError: 'Paste the address your browser ended on, or the code it showed.' } });
          return;
        }
        const { state } = login.start;
        updateLogin(state, { phase: 'completing', manualError: undefined });
        try {
          const account = await transport.call('completeLogin', { providerId: login.providerId, url: text, state });
          updateLogin(state, { phase: 'completed', account });
          await fetchProviders();
        } catch (error) {
          // The events may have completed it meanwhile (the browser reached the listener first).
          if (get().login?.phase === 'completing') updateLogin(state, { phase: 'pending', manualError: errorInWords(error) });
        }
      },

      async cancelLogin() {
        const login = get().login;
        set({ login: undefined });
        if (login?.start && (login.phase === 'pending' || login.phase === 'completing')) {
          await transport.call('cancelLogin', { providerId: login.providerId, state: login.start.state }).catch(() => undefined);
        }
      },

      dismissLogin() {
        set({ login: undefined });
      },

      testUpstream(input) {
        return transport.call('testOpenAiCompatible', input);
      },

      async addUpstream(entry) {
        await transport.call('addOpenAiCompatible', { entry });
        set({ notice: `Added ${entry.name}. Its models are named ${entry.name}/<model>.` });
        await fetchProviders();
      },

      dismissNotice() {
        set({ notice: undefined });
      },

      listen() {
        const stops = [
          transport.subscribe('account-status', () => void fetchProviders()),
          transport.subscribe('login', (event) => {
            onLoginEvent(event);
            if (event.data.phase === 'completed') void fetchProviders();
          }),
        ];
        return () => stops.forEach((stop) => stop());
      },
    };
  });
}
