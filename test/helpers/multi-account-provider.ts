/**
 * A test-only provider with several accounts, each pointing at its OWN fake OpenAI-compatible upstream
 * (so a fault knob or a wrong key hits one account only), for the routing tests of issue 7. It speaks
 * openai-chat upstream, claims one model prefix (`pool/`), maps errors like the real OpenAI-compatible
 * provider, and can enable/disable accounts through the management API (accountControl).
 */
import type { AccountStatus, HealthCheck } from '../../shared/domain.js';
import { SwitchyardError } from '../../electron/core/errors/switchyard-error.js';
import { mapOpenAiCompatibleError } from '../../electron/core/providers/openai-compatible/openai-compatible-errors.js';
import type { ProviderContext } from '../../electron/core/providers/provider-context.js';
import type { Provider, ProviderAccount, UpstreamFailure } from '../../electron/core/providers/provider.js';
import { headerValue } from '../../electron/core/providers/upstream-http.js';

/**
 * A test-only header standing in for a provider's explicit reset time (Codex's `resets_at`, Anthropic's
 * unified reset), epoch ms: routing must end the cooldown exactly then, never later.
 */
export const explicitResetHeader = 'x-test-reset-at';

export interface PoolAccountOptions {
  /** Short name; the account id is `<providerId>:<name>`. */
  name: string;
  /** The fake's base URL (`fake.url`). */
  baseUrl: string;
  /** The key this account sends; start its fake with the same `apiKey` so a changed key gets a real 401. */
  apiKey: string;
}

export interface MultiAccountProviderOptions {
  id: string;
  /** The model prefix this provider claims, e.g. `pool/`. */
  prefix: string;
  /** Upstream model ids served under the prefix (others are unknown models). */
  models: string[];
  accounts: PoolAccountOptions[];
}

interface AccountState {
  options: PoolAccountOptions;
  baseUrl: string;
  sentKey: string;
  disabled: boolean;
  status: AccountStatus;
}

export interface MultiAccountPool {
  readonly providerId: string;
  readonly prefix: string;
  /** `<providerId>:<name>` */
  accountId(name: string): string;
  readonly accountIds: string[];
  /** The factory to pass in `providerFactories`. */
  factory(context: ProviderContext): Provider;
  /** Make an account send another key (its fake then answers a real 401). */
  setSentKey(name: string, key: string): void;
  /** Enable or disable an account in place (tests that go through the management API use setAccountEnabled). */
  setEnabled(name: string, enabled: boolean): void;
  /** Point an account elsewhere (e.g. a closed port, for a refused connection). */
  setBaseUrl(name: string, baseUrl: string): void;
  /** Back to the configured keys, every account enabled and `ok`. */
  reset(): void;
  status(name: string): AccountStatus;
}

export function createMultiAccountPool(options: MultiAccountProviderOptions): MultiAccountPool {
  const states = new Map<string, AccountState>();
  const accountId = (name: string) => `${options.id}:${name}`;
  const reset = () => {
    states.clear();
    for (const account of options.accounts) {
      states.set(accountId(account.name), { options: account, baseUrl: account.baseUrl, sentKey: account.apiKey, disabled: false, status: 'ok' });
    }
  };
  reset();
  const state = (id: string): AccountState => {
    const found = states.get(id);
    if (!found) throw new SwitchyardError('not_found', 404, `No pool account "${id}".`);
    return found;
  };
  const summary = (id: string, account: AccountState): ProviderAccount => ({
    id,
    providerId: options.id,
    label: `${options.id} ${account.options.name}`,
    status: account.status,
    disabled: account.disabled,
  });

  return {
    providerId: options.id,
    prefix: options.prefix,
    accountId,
    accountIds: options.accounts.map((account) => accountId(account.name)),
    setSentKey: (name, key) => {
      state(accountId(name)).sentKey = key;
    },
    setEnabled: (name, enabled) => {
      state(accountId(name)).disabled = !enabled;
    },
    setBaseUrl: (name, baseUrl) => {
      state(accountId(name)).baseUrl = baseUrl;
    },
    status: (name) => state(accountId(name)).status,
    reset,
    factory(context) {
      for (const account of options.accounts) context.redactor.addSecret(account.apiKey);
      return {
        id: options.id,
        displayName: `Pool ${options.id}`,
        upstreamFormat: 'openai-chat',
        countsTokens: false,
        async resolveModel(model) {
          if (!model.startsWith(options.prefix)) return undefined;
          const upstreamModel = model.slice(options.prefix.length);
          return options.models.includes(upstreamModel) ? { upstreamModel } : undefined;
        },
        listAccounts: () => [...states.entries()].map(([id, account]) => summary(id, account)),
        async listModels() {
          return options.models.map((model) => ({ id: `${options.prefix}${model}`, ownedBy: options.id }));
        },
        execute(call, account) {
          const target = state(account.id);
          return context.http.request({
            url: `${target.baseUrl}/v1/chat/completions`,
            headers: {
              authorization: `Bearer ${target.sentKey}`,
              'content-type': 'application/json',
              accept: call.stream ? 'text/event-stream' : 'application/json',
            },
            body: call.body,
            signal: call.signal,
          });
        },
        mapError(failure: UpstreamFailure, account): SwitchyardError {
          const error = mapOpenAiCompatibleError(failure, account.label);
          // As the OAuth providers do once their single refresh failed: a 401 takes the account out of routing.
          if (failure.status === 401) state(account.id).status = 'needs-relogin';
          const resetAt = Number(headerValue(failure.headers, explicitResetHeader));
          if (failure.status !== 429 || !Number.isFinite(resetAt) || resetAt <= 0) return error;
          return new SwitchyardError(error.code, error.status, error.message, {
            retryable: error.retryable,
            retryAfterSeconds: error.retryAfterSeconds,
            upstreamType: error.upstreamType,
            resetsAt: resetAt,
          });
        },
        accountControl: {
          async setEnabled(id, enabled) {
            state(id).disabled = !enabled;
          },
          async remove(id) {
            const removed = states.delete(id);
            return { removed, detail: removed ? 'Removed from the test pool.' : 'No such account.' };
          },
        },
        async healthChecks(): Promise<HealthCheck[]> {
          return options.accounts.map((account) => ({ name: `${options.id} ${account.name}`, state: 'ok', detail: account.baseUrl }));
        },
        async close() {},
      };
    },
  };
}
