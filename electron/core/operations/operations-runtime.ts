/**
 * Everything behind the contract, composed once: the usage ledger, the event bus (fed by the log ring
 * buffer, request records, account changes and health), login tracking, and one handler per operation.
 * The Switchyard service owns one of these; the management API and the Electron IPC call `invoke`.
 */
import type { Logger } from 'pino';
import type { ContractHandlers, OperationName, OperationOutput } from '../../../shared/contract.js';
import type { HealthCheck } from '../../../shared/domain.js';
import type { SettingsStore } from '../config/settings-store.js';
import { AccountWatcher } from '../events/account-watcher.js';
import { EventBus } from '../events/event-bus.js';
import type { LogRingBuffer } from '../logs/log-ring-buffer.js';
import type { Redactor } from '../logs/redaction.js';
import type { Provider } from '../providers/provider.js';
import type { UpstreamHttp } from '../providers/upstream-http.js';
import type { RequestRecord } from '../server/request-record.js';
import { AccountHasher } from '../usage/account-hash.js';
import { UsageLedger } from '../usage/usage-ledger.js';
import { toUsageRecord, type UsageRecord } from '../usage/usage-record.js';
import type { AccessKeys } from '../vault/client-keys.js';
import type { VaultStore } from '../vault/vault-store.js';
import type { CooldownSource } from './account-view.js';
import { createCoreOperations, invokeOperation } from './core-operations.js';
import { LoginTracker } from './login-tracker.js';

export interface OperationsRuntimeOptions {
  home: string;
  settings: SettingsStore;
  vault: VaultStore;
  keys: AccessKeys;
  redactor: Redactor;
  logger: Logger;
  ringBuffer: LogRingBuffer;
  providers: readonly Provider[];
  http: UpstreamHttp;
  deepChecks(): Promise<HealthCheck[]>;
  url(): string;
  startedAt: number;
  cooldowns?: () => CooldownSource | undefined;
  now?: () => number;
}

export class OperationsRuntime {
  readonly ledger: UsageLedger;
  readonly hasher: AccountHasher;
  readonly bus: EventBus;
  readonly watcher: AccountWatcher;
  readonly logins: LoginTracker;
  readonly handlers: ContractHandlers;
  private readonly unsubscribers: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: OperationsRuntimeOptions) {
    const now = options.now ?? Date.now;
    const cooldowns = options.cooldowns ?? (() => undefined);
    this.ledger = new UsageLedger({ home: options.home, retentionDays: () => options.settings.get().usageRetentionDays, logger: options.logger, now });
    this.hasher = new AccountHasher(options.vault);
    this.bus = new EventBus({ redactor: options.redactor, now });
    this.watcher = new AccountWatcher({
      providers: options.providers,
      bus: this.bus,
      cooldowns,
      secretsWarning: () => options.vault.cipher.warning,
      now,
    });
    this.logins = new LoginTracker(this.bus, () => this.watcher.schedule(), now);
    this.handlers = createCoreOperations({ ...options, ledger: this.ledger, hasher: this.hasher, bus: this.bus, watcher: this.watcher, logins: this.logins, cooldowns, now });
    this.unsubscribers.push(
      options.ringBuffer.subscribe((entry) => this.bus.publish('log', entry)),
      options.vault.onChange(() => this.watcher.schedule()),
      options.settings.onChange((settings) => {
        options.logger.level = settings.logLevel;
        this.watcher.schedule();
      }),
    );
  }

  /** Before the server listens: the hash key is persisted, the account baseline taken, quotas read once. */
  async start(): Promise<void> {
    await this.hasher.ready;
    const cooldowns = this.options.cooldowns?.();
    if (cooldowns?.onChange) this.unsubscribers.push(cooldowns.onChange(() => this.watcher.schedule()));
    this.watcher.prime();
    // Usage endpoints are read at start and on request only, never on a loop.
    void this.handlers.refreshQuota({}).then(
      ({ failures }) => {
        for (const failure of failures) this.options.logger.warn({ account: this.hasher.hash(failure.accountId), error: failure.error }, 'could not read quota');
      },
      (error: unknown) => this.options.logger.warn({ error: (error as Error).message }, 'could not read quotas'),
    );
  }

  /** Validated call of one operation (management HTTP, IPC). */
  invoke<Name extends OperationName>(name: Name, input: unknown): Promise<OperationOutput<Name>> {
    return invokeOperation(this.handlers, name, input);
  }

  /**
   * A finished request: its ledger row (committed before the promise resolves), then a `usage` event.
   * The pipeline lets the response end only once `committed` resolves.
   */
  recordRequest(record: RequestRecord): { usage: UsageRecord; committed: Promise<void> } {
    const usage = toUsageRecord(record, (accountId) => this.hasher.hash(accountId));
    const committed = this.ledger.append(usage);
    void committed.then(() => {
      if (!this.stopped) this.bus.publish('usage', usage);
    });
    // A 429 or 401 may have changed an account's status, and any answer its quota windows.
    this.watcher.schedule();
    return { usage, committed };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.watcher.close();
    this.ledger.close();
  }
}
