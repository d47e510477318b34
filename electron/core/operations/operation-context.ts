/** What the core operations are given: the same objects the Switchyard service composes, nothing else. */
import type { Logger } from 'pino';
import type { HealthCheck } from '../../../shared/domain.js';
import type { SettingsStore } from '../config/settings-store.js';
import type { AccountWatcher } from '../events/account-watcher.js';
import type { EventBus } from '../events/event-bus.js';
import type { LogRingBuffer } from '../logs/log-ring-buffer.js';
import type { Redactor } from '../logs/redaction.js';
import type { Provider } from '../providers/provider.js';
import type { UpstreamHttp } from '../providers/upstream-http.js';
import type { AccountHasher } from '../usage/account-hash.js';
import type { UsageLedger } from '../usage/usage-ledger.js';
import type { AccessKeys } from '../vault/client-keys.js';
import type { VaultStore } from '../vault/vault-store.js';
import type { CooldownSource } from './account-view.js';
import type { LoginTracker } from './login-tracker.js';

export interface OperationContext {
  settings: SettingsStore;
  vault: VaultStore;
  /** Mutable: rotating the client key replaces `clientKey` in place, so the client-key check sees it at once. */
  keys: AccessKeys;
  redactor: Redactor;
  logger: Logger;
  ringBuffer: LogRingBuffer;
  providers: readonly Provider[];
  http: UpstreamHttp;
  ledger: UsageLedger;
  hasher: AccountHasher;
  bus: EventBus;
  watcher: AccountWatcher;
  logins: LoginTracker;
  /** Routing's cooldowns, where routing keeps them outside the vault. */
  cooldowns: () => CooldownSource | undefined;
  /** Every deep-health check (vault, settings, each provider's upstreams). */
  deepChecks(): Promise<HealthCheck[]>;
  url(): string;
  startedAt: number;
  now(): number;
}
