/**
 * Live logs: the recent lines, then every `log` event as it happens. Paused, new lines wait aside (and
 * are counted) until resumed. Filters are applied when rendering, so changing one never loses lines.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { logLevelRank } from '../../../shared/contract.js';
import type { LogEntry, LogLevel } from '../contract-types.js';
import type { Transport } from '../transport/transport.js';
import { errorInWords } from '../transport/transport-error.js';

/** Lines kept in the tab; older ones drop off the top. */
export const maxLogLines = 2_000;

export interface LogFilters {
  /** Minimum level shown. */
  level: LogLevel;
  provider: string;
  model: string;
  text: string;
}

export interface LogsState {
  entries: LogEntry[];
  /** Lines that arrived while paused. */
  held: LogEntry[];
  paused: boolean;
  filters: LogFilters;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | undefined;
  load(): Promise<void>;
  pause(): void;
  resume(): void;
  clear(): void;
  setFilters(filters: Partial<LogFilters>): void;
  listen(): () => void;
}

export type LogsStore = StoreApi<LogsState>;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function providerOf(entry: LogEntry): string {
  return text(entry.fields.providerId);
}

export function modelOf(entry: LogEntry): string {
  return text(entry.fields.model);
}

export function filterLogs(entries: readonly LogEntry[], filters: LogFilters): LogEntry[] {
  const needle = filters.text.trim().toLowerCase();
  const minimum = logLevelRank[filters.level];
  return entries.filter(
    (entry) =>
      logLevelRank[entry.level] >= minimum &&
      (!filters.provider || providerOf(entry) === filters.provider) &&
      (!filters.model || modelOf(entry) === filters.model) &&
      (!needle || entry.message.toLowerCase().includes(needle) || JSON.stringify(entry.fields).toLowerCase().includes(needle)),
  );
}

/** The providers and models seen in the lines, for the filter menus. */
export function logFacets(entries: readonly LogEntry[]): { providers: string[]; models: string[] } {
  const providers = new Set<string>();
  const models = new Set<string>();
  for (const entry of entries) {
    if (providerOf(entry)) providers.add(providerOf(entry));
    if (modelOf(entry)) models.add(modelOf(entry));
  }
  return { providers: [...providers].sort(), models: [...models].sort() };
}

function merge(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  const last = current.at(-1)?.seq ?? 0;
  const fresh = incoming.filter((entry) => entry.seq > last);
  if (fresh.length === 0) return current;
  const merged = current.concat(fresh);
  return merged.length > maxLogLines ? merged.slice(merged.length - maxLogLines) : merged;
}

export function createLogsStore(transport: Transport): LogsStore {
  return createStore<LogsState>()((set, get) => ({
    entries: [],
    held: [],
    paused: false,
    filters: { level: 'info', provider: '', model: '', text: '' },
    status: 'idle',
    error: undefined,

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        const { entries } = await transport.call('listLogs', { limit: 500 });
        set((state) => ({ entries: merge(entries, state.entries.filter((entry) => entry.seq > (entries.at(-1)?.seq ?? 0))), status: 'ready', error: undefined }));
      } catch (error) {
        set({ status: 'error', error: errorInWords(error) });
      }
    },

    pause() {
      set({ paused: true });
    },

    resume() {
      set((state) => ({ paused: false, entries: merge(state.entries, state.held), held: [] }));
    },

    clear() {
      set({ entries: [], held: [] });
    },

    setFilters(filters) {
      set((state) => ({ filters: { ...state.filters, ...filters } }));
    },

    listen() {
      return transport.subscribe('log', (event) => {
        set((state) => (state.paused ? { held: merge(state.held, [event.data]) } : { entries: merge(state.entries, [event.data]) }));
      });
    },
  }));
}
