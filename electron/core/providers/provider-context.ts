/** What a provider is given when it is built: the same for every provider. */
import type { Logger } from 'pino';
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
