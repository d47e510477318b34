/** What a provider is given when it is built: the same for every provider. */
import type { Logger } from 'pino';
import type { Settings } from '../config/settings-schema.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { VaultStore } from '../vault/vault-store.js';
import type { UpstreamHttp } from './upstream-http.js';
import type { Redactor } from '../logs/redaction.js';

export interface ProviderContext {
  settings: SettingsStore;
  vault: VaultStore;
  http: UpstreamHttp;
  logger: Logger;
  redactor: Redactor;
  /** Epoch ms; injected so tests can move time. */
  now(): number;
}

/**
 * `derive` of the current settings, computed again only when they change: the store hands out the same
 * object until an update replaces it, so per-request reads cost one comparison.
 */
export function settingsView<View>(settings: SettingsStore, derive: (settings: Settings) => View): () => View {
  let cached: { source: Settings; view: View } | undefined;
  return () => {
    const current = settings.get();
    if (cached?.source !== current) cached = { source: current, view: derive(current) };
    return cached.view;
  };
}
