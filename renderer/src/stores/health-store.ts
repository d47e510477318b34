/**
 * Health: the cheap summary (kept current by `health` and `account-status` events) and the deep checks,
 * run on demand and on a timer while the Health view is open. A deep run anywhere (another tab, the
 * tray) arrives as a `health` event with its checks, and shows here too.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HealthCheck, HealthState, HealthSummary } from '../contract-types.js';
import type { Transport } from '../transport/transport.js';
import { errorInWords } from '../transport/transport-error.js';
import { coalesced } from './coalesced-loader.js';

export interface HealthStoreState {
  summary: HealthSummary | undefined;
  status: HealthState | undefined;
  reasons: string[];
  checks: HealthCheck[];
  /** When the checks shown were run (epoch ms). */
  checkedAt: number | undefined;
  checking: boolean;
  error: string | undefined;
  loadSummary(): Promise<void>;
  runChecks(): Promise<void>;
  listen(): () => void;
}

export type HealthStore = StoreApi<HealthStoreState>;

export function createHealthStore(transport: Transport, now: () => number = Date.now): HealthStore {
  return createStore<HealthStoreState>()((set, get) => {
    const loadSummary = coalesced(async () => {
      try {
        const summary = await transport.call('health', {});
        set({ summary, status: summary.status, reasons: summary.reasons, error: undefined });
      } catch (error) {
        set({ error: errorInWords(error) });
      }
    });

    return {
      summary: undefined,
      status: undefined,
      reasons: [],
      checks: [],
      checkedAt: undefined,
      checking: false,
      error: undefined,

      loadSummary,

      async runChecks() {
        if (get().checking) return;
        set({ checking: true });
        try {
          const { status, checks } = await transport.call('deepHealth', {});
          set({ status, checks, checkedAt: now(), error: undefined, reasons: checks.filter((check) => check.state !== 'ok').map((check) => `${check.name}: ${check.detail}`) });
        } catch (error) {
          set({ error: errorInWords(error) });
        } finally {
          set({ checking: false });
        }
      },

      listen() {
        const stops = [
          transport.subscribe('health', (event) => {
            const { status, reasons, checks } = event.data;
            set(checks ? { status, reasons, checks, checkedAt: event.time } : { status, reasons });
          }),
          transport.subscribe('account-status', () => void loadSummary()),
        ];
        return () => stops.forEach((stop) => stop());
      },
    };
  });
}
