/**
 * One client request, end to end: parse in the client's format, route, call the upstream (retrying
 * across accounts only before the first byte), and relay the answer back through the canonical hub,
 * or untouched when client and upstream speak the same format.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { CanonicalRequest } from '../canonical/canonical-request.js';
import type { FormatId } from '../canonical/format-id.js';
import type { TranslationContext } from '../canonical/translation-context.js';
import { estimateInputTokens } from '../canonical/estimate-tokens.js';
import { AuthRequiredError, BadRequestError, SwitchyardError, UnknownModelError, toSwitchyardError } from '../errors/switchyard-error.js';
import { formats } from '../formats/format-registry.js';
import type { ModelRouter, RouteTarget } from '../routing/model-router.js';
import type { ProviderAccount, UpstreamCall } from '../providers/provider.js';
import type { UpstreamReply } from '../providers/upstream-http.js';
import { replaceTopLevelString } from './rewrite-model.js';
import type { StreamFraming } from './sse-writer.js';
import type { RequestRecord } from './request-record.js';
import { relayReply } from './relay-reply.js';
import { UsageTap } from './usage-tap.js';

export interface ProxyRouteSpec {
  clientFormat: FormatId;
  /** Gemini routes carry the model and streaming in the URL. */
  model?: string;
  stream?: boolean;
  framing?: StreamFraming;
}

export interface ProxyPipelineDependencies {
  router: ModelRouter;
  logger: Logger;
  onRecord(record: RequestRecord): void;
}

export function parseJsonBody(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
  if (!text.trim()) throw new BadRequestError('The request body is empty; send a JSON object.', undefined, 'invalid_json');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequestError(`The request body is not valid JSON: ${(error as Error).message}`, undefined, 'invalid_json');
  }
}

let idCounter = 0;
const idSeed = randomBytes(6).toString('hex');

export function createTranslationContext(request: CanonicalRequest): TranslationContext {
  const toolNames = request.tools.map((tool) => ('name' in tool ? tool.name : '')).filter(Boolean);
  return {
    newId: (prefix) => `${prefix}${idSeed}${(++idCounter).toString(36)}`,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    clientModel: request.model,
    originalToolNames: toolNames,
  };
}

export class ProxyPipeline {
  constructor(private readonly dependencies: ProxyPipelineDependencies) {}

  async resolveTarget(model: string): Promise<RouteTarget> {
    const target = await this.dependencies.router.resolve(model);
    if (!target) throw new UnknownModelError(model, await this.dependencies.router.suggest(model));
    if (target.accounts.length === 0) {
      throw new AuthRequiredError(
        `No enabled ${target.provider.displayName} account can serve "${model}". Connect or enable one in the dashboard.`,
      );
    }
    return target;
  }

  async handle(spec: ProxyRouteSpec, request: Request, response: Response): Promise<void> {
    const started = performance.now();
    const requestId = String(response.locals.requestId ?? '');
    const clientFormat = formats[spec.clientFormat];
    const record: RequestRecord = {
      requestId,
      time: Date.now(),
      route: request.path,
      clientFormat: spec.clientFormat,
      model: spec.model ?? '',
      stream: false,
      passthrough: false,
      status: 200,
      latencyMs: 0,
      attempts: 0,
      clientAborted: false,
    };
    const abort = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) {
        record.clientAborted = true;
        abort.abort();
      }
    };
    response.on('close', onClose);
    const tap = new UsageTap();
    let canonical: CanonicalRequest | undefined;
    try {
      const body = parseJsonBody(request.body);
      canonical = clientFormat.parseRequest(body, { model: spec.model, stream: spec.stream });
      record.model = canonical.model;
      record.stream = canonical.stream;
      const target = await this.resolveTarget(canonical.model);
      record.providerId = target.provider.id;
      record.upstreamModel = target.upstreamModel;
      const upstreamFormat = formats[target.provider.upstreamFormat];
      const passthrough = upstreamFormat.id === clientFormat.id;
      record.passthrough = passthrough;
      const context = createTranslationContext(canonical);
      const upstreamBody = passthrough
        ? this.passthroughBody(request.body, target)
        : JSON.stringify(upstreamFormat.buildRequest(canonical, target.upstreamModel, context));
      const call: UpstreamCall = {
        operation: 'generate',
        upstreamModel: target.upstreamModel,
        stream: canonical.stream,
        body: upstreamBody,
        clientHeaders: request.headers,
        signal: abort.signal,
      };
      const upstreamStarted = performance.now();
      const { reply, account } = await this.callUpstream(target, call, record);
      record.accountId = account.id;
      const upstreamWaitMs = performance.now() - upstreamStarted;
      record.firstByteMs = performance.now() - started;
      response.setHeader(
        'server-timing',
        `switchyard;dur=${(record.firstByteMs - upstreamWaitMs).toFixed(2)}, upstream;dur=${upstreamWaitMs.toFixed(2)}`,
      );
      record.status = await relayReply({
        reply,
        response,
        clientFormat,
        upstreamFormat,
        passthrough,
        request: canonical,
        context,
        framing: spec.framing ?? 'sse',
        tap,
        signal: abort.signal,
      });
    } catch (error) {
      const failure = abort.signal.aborted ? undefined : toSwitchyardError(error);
      if (failure) {
        record.status = failure.status;
        record.errorCode = failure.code;
        if (!response.headersSent) this.sendError(response, spec.clientFormat, failure);
        else response.end();
      } else {
        record.status = 499;
        record.errorCode = 'client_aborted';
      }
    } finally {
      response.off('close', onClose);
      record.latencyMs = performance.now() - started;
      if (tap.error && record.status < 400) {
        record.status = tap.error.status;
        record.errorCode = tap.error.code;
      }
      if (canonical) record.usage = tap.finalUsage(estimateInputTokens(canonical));
      this.dependencies.onRecord(record);
    }
  }

  private passthroughBody(raw: unknown, target: RouteTarget): string {
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
    const rewritten = replaceTopLevelString(text, 'model', target.upstreamModel) ?? text;
    return target.provider.preparePassthroughBody ? target.provider.preparePassthroughBody(rewritten) : rewritten;
  }

  /** Try each account until one answers 2xx; only retryable failures move on, and only before the first byte. */
  private async callUpstream(
    target: RouteTarget,
    call: UpstreamCall,
    record: RequestRecord,
  ): Promise<{ reply: UpstreamReply; account: ProviderAccount }> {
    let lastError: SwitchyardError | undefined;
    for (const account of target.accounts) {
      record.attempts += 1;
      try {
        const reply = await target.provider.execute(call, account);
        if (reply.status < 400) return { reply, account };
        const bodyText = await reply.body.text().catch(() => '');
        lastError = target.provider.mapError({ status: reply.status, headers: reply.headers, bodyText }, account);
      } catch (error) {
        lastError = toSwitchyardError(error);
      }
      if (call.signal.aborted || !lastError.retryable) break;
    }
    throw lastError ?? new SwitchyardError('upstream_unavailable', 502, 'No account could serve the request.');
  }

  sendError(response: Response, clientFormat: FormatId, error: SwitchyardError): void {
    const shape = error.toShape();
    if (shape.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(shape.retryAfterSeconds));
    response.status(shape.status).json(formats[clientFormat].renderError(shape));
  }
}
