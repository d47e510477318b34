/**
 * The service object: composes settings, vault, keys, logs, providers, routing and the server.
 * Headless mode, tests and the Electron shell all build one of these; nothing here knows about Electron.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { HealthCheck } from '../../shared/domain.js';
import { appVersion } from './app-version.js';
import { createConfBackend, createSettingsStore, type SettingsBackend, type SettingsStore } from './config/settings-store.js';
import { ensureSwitchyardHome, resolveSwitchyardHome } from './config/switchyard-home.js';
import { createLogger, type LoggerHandle } from './logs/logger.js';
import { LogRingBuffer } from './logs/log-ring-buffer.js';
import { Redactor } from './logs/redaction.js';
import { providerFactories as registeredProviders } from './providers/provider-registry.js';
import type { ProviderContext } from './providers/provider-context.js';
import type { Provider } from './providers/provider.js';
import { UpstreamHttp } from './providers/upstream-http.js';
import { ModelRouter } from './routing/model-router.js';
import { CooldownStore } from './routing/cooldown-store.js';
import { AccountOrder } from './routing/account-order.js';
import { UpstreamAttempts } from './routing/upstream-attempts.js';
import { createApp } from './server/create-app.js';
import { expressServerClasses, requestListener } from './server/hot-routes.js';
import { ProxyPipeline } from './server/proxy-pipeline.js';
import type { RequestRecord } from './server/request-record.js';
import { createModelCatalogue } from './server/routes/model-catalogue.js';
import { authRoutes } from './server/routes/auth-routes.js';
import { dashboardRoutes, findDashboardDirectory } from './server/dashboard-routes.js';
import { ManagementLockout, managementGuard } from './server/middleware/management-lockout.js';
import { managementRoutes } from './server/management/management-routes.js';
import { entrySecrets } from './operations/openai-compatible-operations.js';
import { OperationsRuntime } from './operations/operations-runtime.js';
import type { Cipher } from './vault/cipher.js';
import { ensureAccessKeys, type AccessKeys } from './vault/client-keys.js';
import { openHeadlessVault } from './vault/open-vault.js';
import { VaultStore } from './vault/vault-store.js';

export interface SwitchyardOptions {
  environment?: NodeJS.ProcessEnv;
  /** Defaults to SWITCHYARD_HOME / XDG rules. */
  home?: string;
  /** Electron passes electron-store and safeStorage; headless uses conf and AES-GCM. */
  settingsBackend?: SettingsBackend;
  cipher?: Cipher;
  stdoutLogs?: boolean;
  /** Replaces the provider registry (tests inject providers that point at fakes). */
  providerFactories?: ReadonlyArray<(context: ProviderContext) => Provider>;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export class Switchyard {
  readonly startedAt = Date.now();
  readonly app: Express;
  readonly providers: Provider[];
  readonly router: ModelRouter;
  readonly pipeline: ProxyPipeline;
  /** The contract's operations, the usage ledger and the event bus (operations/operations-runtime.ts). */
  readonly operations: OperationsRuntime;
  /** The built dashboard served at `/` (default: dist-renderer/ beside the code); tests point it at their own build. */
  dashboardDirectory: string | undefined;
  readonly cooldowns: CooldownStore;
  private server: Server | undefined;
  private listeningPort = 0;
  private readonly recordListeners = new Set<(record: RequestRecord) => void>();

  private constructor(
    readonly home: string,
    readonly settings: SettingsStore,
    readonly vault: VaultStore,
    readonly keys: AccessKeys,
    readonly logs: LoggerHandle,
    readonly http: UpstreamHttp,
    readonly redactor: Redactor,
    readonly ringBuffer: LogRingBuffer,
    factories: ReadonlyArray<(context: ProviderContext) => Provider>,
  ) {
    const context: ProviderContext = { settings, vault, http, logger: logs.logger, redactor, now: () => Date.now() };
    this.providers = factories.map((factory) => factory(context));
    const catalogue = createModelCatalogue(this.providers);
    this.router = new ModelRouter(this.providers, catalogue);
    this.cooldowns = CooldownStore.inHome(home);
    const attempts = new UpstreamAttempts({
      router: this.router,
      cooldowns: this.cooldowns,
      order: new AccountOrder(),
      settings: () => settings.get(),
      logger: logs.logger,
    });
    this.pipeline = new ProxyPipeline({ router: this.router, attempts, onRecord: (record) => this.onRecord(record) });
    this.operations = new OperationsRuntime({
      home,
      settings,
      vault,
      keys,
      redactor,
      ringBuffer,
      http,
      providers: this.providers,
      logger: logs.logger,
      deepChecks: () => this.deepChecks(),
      cooldowns: () => this.cooldowns,
      url: () => this.url,
      startedAt: this.startedAt,
    });
    // One lockout for every surface that takes the management key.
    const managementKeyGuard = managementGuard({
      lockout: new ManagementLockout({ logger: logs.logger }),
      managementKey: () => keys.managementKey,
      clientKey: () => keys.clientKey,
    });
    this.app = createApp({
      logger: logs.logger,
      pipeline: this.pipeline,
      catalogue,
      health: { summary: () => this.healthSummary(), deepChecks: () => this.deepChecks() },
      port: () => this.listeningPort || settings.get().port,
      loopbackOnly: () => loopbackHosts.has(settings.get().host),
      clientKey: () => keys.clientKey,
      bodyLimitBytes: () => Math.floor(settings.get().bodyLimitMb * 1024 * 1024),
      // The web dashboard (GET / and /assets), before any key check: the page itself holds no secret.
      publicRoutes: [dashboardRoutes({ directory: () => this.dashboardDirectory ?? findDashboardDirectory() })],
      authRoutes: authRoutes({
        invoke: (name, input) => this.operations.invoke(name, input),
        managementAuth: managementKeyGuard,
      }),
      managementRoutes: managementRoutes({
        invoke: (name, input) => this.operations.invoke(name, input),
        bus: this.operations.bus,
        guard: managementKeyGuard,
        logger: logs.logger,
      }),
    });
  }

  static async create(options: SwitchyardOptions = {}): Promise<Switchyard> {
    const environment = options.environment ?? process.env;
    const home = ensureSwitchyardHome(options.home ?? resolveSwitchyardHome(environment));
    const settings = createSettingsStore(options.settingsBackend ?? createConfBackend(home), environment);
    const vault = options.cipher ? await VaultStore.open(home, options.cipher) : await openHeadlessVault({ ...environment, SWITCHYARD_HOME: home });
    const keys = await ensureAccessKeys(vault, environment);
    const redactor = new Redactor();
    redactor.addSecret(keys.clientKey);
    redactor.addSecret(keys.managementKey);
    for (const entry of settings.get().openaiCompatible) for (const secret of entrySecrets(entry)) redactor.addSecret(secret);
    for (const account of vault.listAccounts()) for (const secret of Object.values(account.credentials)) redactor.addSecret(secret);
    const current = settings.get();
    const ringBuffer = new LogRingBuffer();
    const logs = await createLogger({
      home,
      level: current.logLevel,
      redactor,
      ringBuffer,
      fileMaxMb: current.logFileMaxMb,
      fileCount: current.logFileCount,
      stdout: options.stdoutLogs ?? false,
    });
    const http = new UpstreamHttp({
      connectTimeoutMs: () => settings.get().connectTimeoutMs,
      firstByteTimeoutMs: () => settings.get().firstByteTimeoutMs,
    });
    return new Switchyard(home, settings, vault, keys, logs, http, redactor, ringBuffer, options.providerFactories ?? registeredProviders);
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.listeningPort}`;
  }

  /** Listen on the configured host and port (port 0 picks a free one, for tests). */
  async start(port = this.settings.get().port): Promise<{ port: number; url: string }> {
    const { host } = this.settings.get();
    await this.operations.start();
    await this.listen(port, host);
    if (!loopbackHosts.has(host)) {
      this.logs.logger.warn({ host }, 'listening beyond loopback: every request needs the client key');
    }
    this.logs.logger.info({ port: this.listeningPort, host, version: appVersion }, 'switchyard listening');
    return { port: this.listeningPort, url: this.url };
  }

  async stop(): Promise<void> {
    await this.closeServer();
    await this.operations.stop();
    await Promise.all(this.providers.map((provider) => provider.close()));
    await this.http.close();
    await this.logs.close();
  }

  get isListening(): boolean {
    return this.server !== undefined;
  }

  /** The tray's Pause: stop accepting requests (in-flight ones are cut) and keep everything else running. */
  async pauseListening(): Promise<void> {
    await this.closeServer();
    this.logs.logger.info('switchyard paused');
  }

  /** Resume after pauseListening (or a start that failed to bind), on the same port. */
  async resumeListening(): Promise<void> {
    if (this.server) return;
    const { host, port } = this.settings.get();
    await this.listen(this.listeningPort || port, host);
    this.logs.logger.info({ port: this.listeningPort, host }, 'switchyard resumed');
  }

  private async listen(port: number, host: string): Promise<void> {
    const server = createServer({ keepAliveTimeout: 65_000, ...expressServerClasses(this.app) }, requestListener(this.app));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.listeningPort = (server.address() as AddressInfo).port;
  }

  /** Open connections are cut, not waited for. */
  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  onRequestRecord(listener: (record: RequestRecord) => void): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  /** One log line per request (the account as its hash) and the ledger row; the response ends once it is committed. */
  private onRecord(record: RequestRecord): Promise<void> {
    const { committed, usage: row } = this.operations.recordRequest(record);
    const { requestId, route, model, providerId, status, latencyMs, usage, errorCode, attempts, stream } = record;
    const line = { requestId, route, model, providerId, account: row.accountHash, status, latencyMs: Math.round(latencyMs), stream, attempts, errorCode, usage };
    // Redacting and serialising the line is not the client's wait: it is logged once the response is out.
    if (this.logs.logger.isLevelEnabled('info')) setImmediate(() => this.logs.logger.info(line, 'request'));
    for (const listener of this.recordListeners) listener(record);
    return committed;
  }

  healthSummary(): Record<string, unknown> {
    return {
      version: appVersion,
      uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
      providers: this.providers.map((provider) => {
        const accounts = provider.listAccounts();
        return {
          id: provider.id,
          name: provider.displayName,
          accounts: accounts.length,
          enabledAccounts: accounts.filter((account) => !account.disabled).length,
        };
      }),
    };
  }

  async deepChecks(): Promise<HealthCheck[]> {
    const checks: HealthCheck[] = [
      {
        name: 'vault',
        state: this.vault.cipher.warning ? 'warn' : 'ok',
        detail: this.vault.cipher.warning ?? `encrypted with ${this.vault.cipher.name} at ${this.vault.path}`,
      },
      { name: 'settings', state: 'ok', detail: `valid, ${this.settings.path}` },
    ];
    const timeout = this.settings.get().healthCheckTimeoutMs;
    const providerChecks = await Promise.all(this.providers.map((provider) => provider.healthChecks(timeout)));
    // Accounts that need the user to log in again, whichever provider they belong to.
    const reloginChecks = this.providers.flatMap((provider) =>
      provider
        .listAccounts()
        .filter((account) => account.status === 'needs-relogin')
        .map((account): HealthCheck => ({
          name: `${provider.displayName} account ${account.label}`,
          state: 'warn',
          detail: `needs re-login${account.statusDetail ? `: ${account.statusDetail}` : ''}`,
        })),
    );
    return [...checks, ...providerChecks.flat(), ...reloginChecks];
  }
}
