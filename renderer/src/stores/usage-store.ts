/**
 * Usage over 24 h / 7 d / 30 d, grouped by provider, model or account: totals, a series per hour or day,
 * and a breakdown table. While the Usage view is open, every `usage` event refreshes it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { UsageRow, UsageTotals } from '../contract-types.js';
import type { Transport } from '../transport/transport.js';
import { errorInWords } from '../transport/transport-error.js';
import { coalesced } from './coalesced-loader.js';
import type { UsageBucketSize, UsageMetric } from './usage-chart-data.js';

export type UsageRangeId = '24h' | '7d' | '30d';
export type UsageGroup = 'provider' | 'model' | 'account';

export const usageRanges: Record<UsageRangeId, { label: string; ms: number; bucket: UsageBucketSize }> = {
  '24h': { label: 'Last 24 hours', ms: 86_400_000, bucket: 'hour' },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000, bucket: 'day' },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000, bucket: 'day' },
};

export interface UsageState {
  range: UsageRangeId;
  groupBy: UsageGroup;
  metric: UsageMetric;
  totals: UsageTotals | undefined;
  series: UsageRow[];
  breakdown: UsageRow[];
  /** The window the data covers (epoch ms) and the zone offset the server bucketed with. */
  window: { since: number; until: number; utcOffsetMinutes: number } | undefined;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | undefined;
  /** True while the Usage view is open: then `usage` events refresh the data. */
  watching: boolean;
  load(): Promise<void>;
  setRange(range: UsageRangeId): void;
  setGroupBy(groupBy: UsageGroup): void;
  setMetric(metric: UsageMetric): void;
  setWatching(watching: boolean): void;
  exportCsv(): Promise<{ filename: string; body: string; contentType: string }>;
  listen(): () => void;
}

export type UsageStore = StoreApi<UsageState>;

export function createUsageStore(transport: Transport, now: () => number = Date.now): UsageStore {
  return createStore<UsageState>()((set, get) => {
    const fetchUsage = coalesced(async () => {
      const { range, groupBy } = get();
      const { ms, bucket } = usageRanges[range];
      const until = now() + 1;
      const since = until - ms;
      const utcOffsetMinutes = -new Date(until).getTimezoneOffset();
      try {
        const [series, breakdown] = await Promise.all([
          transport.call('queryUsage', { range: { since, until }, groupBy: [groupBy], bucket, utcOffsetMinutes }),
          transport.call('queryUsage', { range: { since, until }, groupBy: [groupBy], bucket: 'none', utcOffsetMinutes }),
        ]);
        // A newer choice of range or grouping was made meanwhile: its own load will answer.
        if (get().range !== range || get().groupBy !== groupBy) return;
        set({
          totals: breakdown.totals,
          series: series.rows,
          breakdown: breakdown.rows,
          window: { since, until, utcOffsetMinutes: series.utcOffsetMinutes },
          status: 'ready',
          error: undefined,
        });
      } catch (error) {
        set({ status: get().totals ? 'ready' : 'error', error: errorInWords(error) });
      }
    });

    return {
      range: '24h',
      groupBy: 'provider',
      metric: 'requests',
      totals: undefined,
      series: [],
      breakdown: [],
      window: undefined,
      status: 'idle',
      error: undefined,
      watching: false,

      async load() {
        if (get().status === 'idle') set({ status: 'loading' });
        await fetchUsage();
      },

      setRange(range) {
        set({ range });
        void fetchUsage();
      },

      setGroupBy(groupBy) {
        set({ groupBy });
        void fetchUsage();
      },

      setMetric(metric) {
        set({ metric });
      },

      setWatching(watching) {
        set({ watching });
      },

      async exportCsv() {
        const until = now() + 1;
        const { filename, body, contentType } = await transport.call('exportUsage', { format: 'csv', range: { since: until - usageRanges[get().range].ms, until } });
        return { filename, body, contentType };
      },

      listen() {
        return transport.subscribe('usage', () => {
          if (get().watching) void fetchUsage();
        });
      },
    };
  });
}
