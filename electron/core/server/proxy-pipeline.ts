/**
 * One client request, end to end: parse in the client's format, route, call the upstream (retrying
 * across accounts only before the first byte), and relay the answer back through the canonical hub,
 * or untouched when client and upstream speak the same format.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { CanonicalRequest } from '../canonical/canonical-request.js';
import type { FormatId } from '../canonical/format-id.js';
import type { TranslationContext } from '../canonical/translation-context.js';
import { estimateInputTokens } from '../canonical/estimate-tokens.js';
import { collectToolNames } from '../canonical/tool-names.js';
import { BadRequestError, UnknownModelError, toSwitchyardError } from '../errors/switchyard-error.js';
import { formats } from '../formats/format-registry.js';
import type { ModelRouter, RouteTarget } from '../routing/model-router.js';
import { noUsableAccountError, type UpstreamAttempts } from '../routing/upstream-attempts.js';
import type { StreamFraming } from './sse-writer.js';
import type { RequestRecord } from './request-record.js';
import { relayReply } from './relay-reply.js';
import { UsageTap } from './usage-tap.js';
import { RequestRecorder } from './request-recorder.js';
import { serverTimingHeader, serverTimingValue, setServerTiming } from './server-timing.js';
import { sendClientError } from './error-handler.js';

export interface ProxyRouteSpec {
  clientFormat: FormatId;
  /** Gemini routes carry the model and streaming in the URL. */
  model?: string;
  stream?: boolean;
  framing?: StreamFraming;
}

export interface ProxyPipelineDependencies {
  router: ModelRouter;
  attempts: UpstreamAttempts;
  /** The finished request's record; the response ends only once a returned promise settles (durable usage). */
  onRecord(record: RequestRecord): void | Promise<void>;
}

/** The raw body parser's Buffer as text; no body at all reads as empty. */
export function requestBodyText(body: unknown): string {
  return Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : '';
}

export function parseJsonBody(text: string): unknown {
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
  return {
    newId: (prefix) => `${prefix}${idSeed}${(++idCounter).toString(36)}`,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    clientModel: request.model,
    // A format that shortens names (Responses) must see the same list when it builds the body and when it maps the reply back.
    originalToolNames: collectToolNames(request).filter((name) => name !== ''),
  };
}

export class ProxyPipeline {
  constructor(private readonly dependencies: ProxyPipelineDependencies) {}

  /** The route for a model name (aliases applied), for operations that use one account directly. */
  async resolveTarget(model: string): Promise<RouteTarget> {
    const target = await this.dependencies.router.resolve(this.dependencies.attempts.chain(model)[0] ?? model);
    if (!target) throw new UnknownModelError(model, await this.dependencies.router.suggest(model));
    if (target.accounts.length === 0) throw noUsableAccountError(target, model);
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
    let attemptsStarted: number | undefined;
    const recorder = new RequestRecorder(
      response,
      () => this.completeRecord(record, tap, canonical, started),
      (finished) => this.dependencies.onRecord(finished),
    );
    try {
      // The body as text once: parsed here, and forwarded as it is on passthrough.
      const bodyText = requestBodyText(request.body);
      const body = parseJsonBody(bodyText);
      canonical = clientFormat.parseRequest(body, { model: spec.model, stream: spec.stream });
      record.model = canonical.model;
      record.stream = canonical.stream;
      attemptsStarted = performance.now();
      const routed = await this.dependencies.attempts.run({
        request: canonical,
        clientFormat,
        rawBody: bodyText,
        clientHeaders: request.headers,
        signal: abort.signal,
        createContext: createTranslationContext,
        onAttempt: (target, account) => {
          record.attempts += 1;
          record.providerId = target.provider.id;
          record.upstreamModel = target.upstreamModel;
          record.accountId = account.id;
        },
      });
      const { reply, upstreamFormat, passthrough, context, upstreamWaitMs } = routed;
      record.passthrough = passthrough;
      if (routed.fallbackModel) record.fallbackUsed = true;
      record.firstByteMs = performance.now() - started;
      response.setHeader(serverTimingHeader, serverTimingValue(record.firstByteMs - upstreamWaitMs, upstreamWaitMs));
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
        if (!response.headersSent) {
          // Failed attempts count as upstream time: the wait on the upstreams dwarfs the work around them.
          const upstreamMs = record.attempts > 0 && attemptsStarted !== undefined ? performance.now() - attemptsStarted : 0;
          setServerTiming(response, performance.now() - started - upstreamMs, upstreamMs);
          sendClientError(response, clientFormat, failure);
        } else response.end();
      } else {
        record.status = 499;
        record.errorCode = 'client_aborted';
      }
    } finally {
      response.off('close', onClose);
      recorder.finish();
    }
  }

  private completeRecord(record: RequestRecord, tap: UsageTap, canonical: CanonicalRequest | undefined, started: number): RequestRecord {
    record.latencyMs = performance.now() - started;
    if (tap.error && record.status < 400) {
      record.status = tap.error.status;
      record.errorCode = tap.error.code;
    }
    if (canonical) record.usage = tap.finalUsage(() => estimateInputTokens(canonical));
    return record;
  }
}
