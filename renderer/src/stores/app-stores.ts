/** The feature stores of one signed-in dashboard, all over the same transport. */
import type { Transport } from '../transport/transport.js';
import { createHealthStore, type HealthStore } from './health-store.js';
import { createLogsStore, type LogsStore } from './logs-store.js';
import { createProvidersStore, type ProvidersStore } from './providers-store.js';
import { createSettingsStore, type SettingsStore } from './settings-store.js';
import { createUsageStore, type UsageStore } from './usage-store.js';

export interface AppStores {
  transport: Transport;
  providers: ProvidersStore;
  health: HealthStore;
  logs: LogsStore;
  usage: UsageStore;
  settings: SettingsStore;
}

export function createAppStores(transport: Transport): AppStores {
  return {
    transport,
    providers: createProvidersStore(transport),
    health: createHealthStore(transport),
    logs: createLogsStore(transport),
    usage: createUsageStore(transport),
    settings: createSettingsStore(transport),
  };
}

/** Subscribe every store to its events, then load what every view shows first. Returns the stop function. */
export function startAppStores(stores: AppStores): () => void {
  const stops = [stores.providers.getState().listen(), stores.health.getState().listen(), stores.logs.getState().listen(), stores.usage.getState().listen()];
  void stores.providers.getState().load();
  void stores.health.getState().loadSummary();
  void stores.logs.getState().load();
  return () => stops.forEach((stop) => stop());
}
