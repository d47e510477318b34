/**
 * Before the first byte reaches the client, a request may be tried on several accounts and, through a
 * fallback chain, on other models and providers (translated through the hub). This is the one place
 * that decides: cooldown on 429, another account after a 401 the provider could not cure by refreshing, another account or one jittered retry on
 * 5xx/529/connect errors, all inside a retry budget so our retries and the SDK's don't multiply.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { CanonicalRequest } from '../canonical/canonical-request.js';
import type { TranslationContext } from '../canonical/translation-context.js';
import {
  AuthRequiredError,
  ClientAbortedError,
  QuotaError,
  SwitchyardError,
  UnknownModelError,
  UpstreamUnavailableError,
  toSwitchyardError,
} from '../errors/switchyard-error.js';
import { formats } from '../formats/format-registry.js';
import type { WireFormat } from '../formats/wire-format.js';
import type { ProviderAccount, UpstreamCall } from '../providers/provider.js';
import { headerValue, type UpstreamReply } from '../providers/upstream-http.js';
import { replaceTopLevelString } from '../server/rewrite-model.js';
import type { AccountOrder, RoutingStrategy } from './account-order.js';
import { cooldownUntil, type CooldownStore } from './cooldown-store.js';
import type { ModelRouter, RouteTarget } from './model-router.js';

export interface RoutingSettings {
  modelAliases: Record<string, string>;
  fallbacks: Record<string, string[]>;
  routingStrategy: Record<string, RoutingStrategy>;
  accountPriority: Record<string, number>;
  retryBudget: number;
  retryBackoffMs: number;
}

export interface AttemptInput {
  request: CanonicalRequest;
  clientFormat: WireFormat;
  rawBody: string;
  clientHeaders: IncomingHttpHeaders;
  signal: AbortSignal;
  createContext(request: CanonicalRequest): TranslationContext;
  /** Called for each attempt, for the request record. */
  onAttempt?(target: RouteTarget, account: ProviderAccount): void;
}

export interface AttemptSuccess {
  reply: UpstreamReply;
  account: ProviderAccount;
  target: RouteTarget;
  upstreamFormat: WireFormat;
  passthrough: boolean;
  context: TranslationContext;
  attempts: number;
  /** The model that served, when a fallback did. */
  fallbackModel?: string;
  upstreamWaitMs: number;
}

export interface UpstreamAttemptsDependencies {
  router: ModelRouter;
  cooldowns: CooldownStore;
  order: AccountOrder;
  settings(): RoutingSettings;
  logger: Logger;
  now?(): number;
  random?(): number;
  sleep?(milliseconds: number, signal: AbortSignal): Promise<void>;
}

const defaultSleep = (milliseconds: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

function withForwardedHeaders(error: SwitchyardError, headers: UpstreamReply['headers']): SwitchyardError {
  const shouldRetry = headerValue(headers, 'x-should-retry');
  if (shouldRetry === undefined) return error;
  return new SwitchyardError(error.code, error.status, error.message, {
    retryable: error.retryable,
    retryAfterSeconds: error.retryAfterSeconds,
    param: error.param,
    upstreamType: error.upstreamType,
    resetsAt: error.resetsAt,
    forwardHeaders: { ...error.forwardHeaders, 'x-should-retry': shouldRetry },
  });
}

/** A same-format body for the upstream: only `model` rewritten, plus what the format and provider must fix. */
export function passthroughBody(raw: string, target: RouteTarget): string {
  const renamed = replaceTopLevelString(raw, 'model', target.upstreamModel) ?? raw;
  // Drop the `sy:` reasoning proofs other upstreams minted for this client: no upstream of this format accepts them.
  const rewritten = formats[target.provider.upstreamFormat].preparePassthroughBody?.(renamed) ?? renamed;
  return target.provider.preparePassthroughBody ? target.provider.preparePassthroughBody(rewritten) : rewritten;
}

/** No account of the routed provider is enabled and logged in. */
export function noUsableAccountError(target: RouteTarget, model: string): AuthRequiredError {
  return new AuthRequiredError(
    `No enabled ${target.provider.displayName} account can serve "${model}". Connect or enable one in the dashboard.`,
  );
}

type Outcome = { kind: 'success'; reply: UpstreamReply } | { kind: 'failure'; error: SwitchyardError };

export class UpstreamAttempts {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly dependencies: UpstreamAttemptsDependencies) {
    this.now = dependencies.now ?? Date.now;
    this.random = dependencies.random ?? Math.random;
    this.sleep = dependencies.sleep ?? defaultSleep;
  }

  /** The model chain for a requested name: alias first, then its fallbacks. */
  chain(model: string): string[] {
    const settings = this.dependencies.settings();
    const primary = settings.modelAliases[model] ?? model;
    const fallbacks = settings.fallbacks[model] ?? settings.fallbacks[primary] ?? [];
    return [primary, ...fallbacks.map((name) => settings.modelAliases[name] ?? name)].filter(
      (name, index, all) => all.indexOf(name) === index,
    );
  }

  async run(input: AttemptInput): Promise<AttemptSuccess> {
    const settings = this.dependencies.settings();
    const chain = this.chain(input.request.model);
    let attempts = 0;
    let lastError: SwitchyardError | undefined;
    // The last 5xx / connect failure: reported over any cooldown, so a 5xx never reaches the client as a 429.
    let lastServerError: SwitchyardError | undefined;
    const coolingAccountIds: string[] = [];
    let resolvedAny = false;
    // Built from the request alone, so one serves every model in the chain.
    let context: TranslationContext | undefined;

    for (const [position, model] of chain.entries()) {
      const target = await this.dependencies.router.resolve(model);
      if (!target) continue;
      resolvedAny = true;
      const usable = target.accounts.filter((account) => account.status !== 'needs-relogin');
      const ready: ProviderAccount[] = [];
      for (const account of usable) {
        if (this.dependencies.cooldowns.isCooling(account.id)) coolingAccountIds.push(account.id);
        else ready.push(account);
      }
      if (usable.length === 0 && !lastError) {
        lastError = noUsableAccountError(target, model);
      }
      const strategy = settings.routingStrategy[target.provider.id] ?? 'round-robin';
      const ordered = this.dependencies.order.order(target.provider.id, ready, strategy, settings.accountPriority);
      const upstreamFormat = formats[target.provider.upstreamFormat];
      const passthrough = upstreamFormat.id === input.clientFormat.id;
      context ??= input.createContext(input.request);
      const body = passthrough
        ? passthroughBody(input.rawBody, target)
        : JSON.stringify(upstreamFormat.buildRequest(input.request, target.upstreamModel, context));
      const call: UpstreamCall = {
        operation: 'generate',
        upstreamModel: target.upstreamModel,
        stream: input.request.stream,
        body,
        clientHeaders: input.clientHeaders,
        signal: input.signal,
      };

      for (const [index, account] of ordered.entries()) {
        let retriedSameAccount = false;
        for (;;) {
          if (attempts >= settings.retryBudget || input.signal.aborted) break;
          attempts += 1;
          input.onAttempt?.(target, account);
          const started = performance.now();
          const outcome = await this.attempt(target, call, account);
          if (outcome.kind === 'success') {
            return {
              reply: outcome.reply,
              account,
              target,
              upstreamFormat,
              passthrough,
              context,
              attempts,
              upstreamWaitMs: performance.now() - started,
              ...(position > 0 ? { fallbackModel: model } : {}),
            };
          }
          const error = outcome.error;
          lastError = error;
          if (error.status >= 500) lastServerError = error;
          if (input.signal.aborted) throw error;
          if (error.status === 429) {
            const until = cooldownUntil(this.now(), { retryAfterSeconds: error.retryAfterSeconds, resetsAt: error.resetsAt });
            await this.dependencies.cooldowns.set(account.id, until, error.message);
            coolingAccountIds.push(account.id);
            this.dependencies.logger.warn({ account: account.id, until }, 'account cooling down');
            break;
          }
          // Providers refresh once and retry once themselves (single-flight); a 401 here means that failed.
          if (error.status === 401) break;
          if (!error.retryable) throw error;
          // Retry the same account only when nothing else is left to try: the next account, or the chain's next model,
          // comes first, so a budget spent on retries never keeps a fallback from serving.
          const moreCandidates = index < ordered.length - 1 || position < chain.length - 1;
          if (!moreCandidates && !retriedSameAccount) {
            retriedSameAccount = true;
            const backoff = settings.retryBackoffMs * (0.5 + this.random());
            if (backoff > 0) await this.sleep(backoff, input.signal);
            continue;
          }
          break;
        }
        if (attempts >= settings.retryBudget) break;
      }
      if (attempts >= settings.retryBudget || input.signal.aborted) break;
    }

    if (!resolvedAny) {
      const router = this.dependencies.router;
      throw new UnknownModelError(input.request.model, await router.suggest(input.request.model));
    }
    const earliest = this.dependencies.cooldowns.earliestFree(coolingAccountIds);
    lastError = lastServerError ?? lastError;
    if ((!lastError || lastError.status === 429) && coolingAccountIds.length > 0) {
      const seconds = earliest === undefined ? lastError?.retryAfterSeconds : Math.max(1, Math.ceil((earliest - this.now()) / 1000));
      const until = earliest === undefined ? '' : ` An account frees up at ${new Date(earliest).toISOString()}.`;
      throw new QuotaError(`Every account that can serve "${input.request.model}" is cooling down.${until}`, seconds, lastError?.upstreamType, {
        forwardHeaders: lastError?.forwardHeaders,
      });
    }
    throw lastError ?? new SwitchyardError('upstream_unavailable', 502, `No account could serve "${input.request.model}".`);
  }

  private async attempt(target: RouteTarget, call: UpstreamCall, account: ProviderAccount): Promise<Outcome> {
    try {
      const reply = await target.provider.execute(call, account);
      if (reply.status < 400) return await this.readJsonBody(reply, call.signal);
      const bodyText = await reply.body.text().catch(() => '');
      const error = target.provider.mapError({ status: reply.status, headers: reply.headers, bodyText }, account);
      return { kind: 'failure', error: withForwardedHeaders(error, reply.headers) };
    } catch (error) {
      return { kind: 'failure', error: toSwitchyardError(error) };
    }
  }

  /**
   * A JSON answer is read here, before the first byte reaches the client: if its body breaks off, that is a
   * connect-level failure another account can cure, not a half-answer. Event streams are relayed as they come.
   */
  private async readJsonBody(reply: UpstreamReply, signal: AbortSignal): Promise<Outcome> {
    if ((headerValue(reply.headers, 'content-type') ?? '').includes('text/event-stream')) return { kind: 'success', reply };
    try {
      return { kind: 'success', reply: { ...reply, bodyText: await reply.body.text() } };
    } catch (error) {
      if (signal.aborted) return { kind: 'failure', error: new ClientAbortedError() };
      return { kind: 'failure', error: new UpstreamUnavailableError(`The upstream's answer broke off before it was complete (${(error as Error).message}).`, error) };
    }
  }

}

