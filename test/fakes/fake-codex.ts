/**
 * Fake ChatGPT Codex backend (protocols.md §2): POST {basePath}/responses on the OpenAI Responses wire, always
 * streamed, no [DONE]. Strict about the account header, store/stream and parameters Codex refuses, call_id
 * pairing and replayed reasoning items, and it reports usage windows in x-codex-* headers.
 */
import { FakeUpstream, namedFrame, readTokens, type ErrorAnswer, type Exchange, type Fault, type TokenSet } from './fake-upstream-base.js';
import { resolvedFinish, resolvedUsage, splitArguments, splitText, type FakeReply } from './fake-reply.js';
import { validateCodexBody } from './fake-codex-validation.js';

export interface FakeCodexOptions {
  accessTokens?: TokenSet;
  expiredTokens?: TokenSet;
  accountId?: string;
  /** Default /backend-api/codex, so the endpoint is /backend-api/codex/responses. */
  basePath?: string;
  /** Overrides for the x-codex-* usage headers sent on every answer. */
  rateLimitHeaders?: Record<string, string>;
  /** Send a codex.rate_limits event after response.created. */
  rateLimitsEvent?: boolean;
  /** The account a token belongs to (e.g. FakeOpenAiOAuth.accountIdForToken); `chatgpt-account-id` must name it. */
  accountIdForToken?: (token: string) => string | undefined;
  /** The usage read-out (protocols.md §7), default /backend-api/wham/usage. */
  usagePath?: string;
}

export const DEFAULT_CODEX_ACCESS_TOKEN = 'codex-fake-access-token';
export const DEFAULT_CODEX_ACCOUNT_ID = 'acct_fake_codex_1';
export const DEFAULT_CODEX_BASE_PATH = '/backend-api/codex';
export const DEFAULT_CODEX_USAGE_PATH = '/backend-api/wham/usage';
const CREATED_AT = 1_700_000_000;

export class FakeCodex extends FakeUpstream {
  /** encrypted_content values this fake has sent; replayed reasoning items must carry one of these. */
  readonly issuedEncryptedContents = new Set<string>();
  readonly basePath: string;
  readonly accountId: string;
  readonly usagePath: string;
  private rateLimitHeaderOverrides: Record<string, string>;
  private rateLimitsEvent: boolean;
  private responseCount = 0;

  constructor(private readonly options: FakeCodexOptions = {}) {
    super();
    this.basePath = options.basePath ?? DEFAULT_CODEX_BASE_PATH;
    this.accountId = options.accountId ?? DEFAULT_CODEX_ACCOUNT_ID;
    this.usagePath = options.usagePath ?? DEFAULT_CODEX_USAGE_PATH;
    this.rateLimitHeaderOverrides = { ...options.rateLimitHeaders };
    this.rateLimitsEvent = options.rateLimitsEvent ?? false;
  }

  /** Base URL to configure a client with, e.g. http://127.0.0.1:PORT/backend-api/codex */
  get baseUrl(): string {
    return `${this.url}${this.basePath}`;
  }

  setRateLimitHeaders(headers: Record<string, string>): void {
    this.rateLimitHeaderOverrides = { ...headers };
  }

  setRateLimitsEvent(enabled: boolean): void {
    this.rateLimitsEvent = enabled;
  }

  rateLimitHeaders(): Record<string, string> {
    const now = Math.floor(Date.now() / 1000);
    return {
      'x-codex-primary-used-percent': '12.5',
      'x-codex-primary-window-minutes': '300',
      'x-codex-primary-reset-at': String(now + 3600),
      'x-codex-primary-reset-after-seconds': '3600',
      'x-codex-secondary-used-percent': '30',
      'x-codex-secondary-window-minutes': '10080',
      'x-codex-secondary-reset-at': String(now + 3 * 86400),
      'x-codex-secondary-reset-after-seconds': String(3 * 86400),
      ...this.rateLimitHeaderOverrides,
    };
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const headers = this.rateLimitHeaders();
    const usage = method === 'GET' && exchange.url.pathname === this.usagePath;
    if (!usage && (method !== 'POST' || exchange.url.pathname !== `${this.basePath}/responses`)) {
      return exchange.sendJson(404, { detail: 'Not Found' }, headers);
    }
    const token = exchange.bearerToken();
    if (token === undefined) return exchange.sendJson(401, { detail: 'Could not parse your authentication token. Please try signing in again.' }, headers);
    if (readTokens(this.options.expiredTokens, []).has(token)) {
      const expired = { message: 'Provided authentication token is expired. Please try signing in again.', type: null, code: 'token_expired', param: null };
      return exchange.sendJson(401, { error: expired, status: 401 }, headers);
    }
    if (!readTokens(this.options.accessTokens, [DEFAULT_CODEX_ACCESS_TOKEN]).has(token)) {
      const invalid = { message: 'Your authentication token has been invalidated. Please try signing in again.', type: 'invalid_request_error', code: 'token_invalidated', param: null };
      return exchange.sendJson(401, { error: invalid, status: 401 }, headers);
    }
    const account = exchange.header('chatgpt-account-id');
    if (account === undefined) return exchange.sendJson(401, { detail: 'Missing chatgpt-account-id header' }, headers);
    const expectedAccount = this.options.accountIdForToken?.(token) ?? this.accountId;
    if (account !== expectedAccount) return exchange.sendJson(403, { detail: 'You do not have access to this account' }, headers);
    if (usage) return exchange.sendJson(200, usageReadout(headers));
    if (!exchange.hasJsonContentType()) return exchange.sendJson(400, { detail: 'Content-Type must be application/json' }, headers);
    const rejection = validateCodexBody(exchange.request.body, this.issuedEncryptedContents);
    if (rejection) return exchange.sendJson(400, rejection, headers);
    return this.respond(exchange, headers);
  }

  private async respond(exchange: Exchange, rateHeaders: Record<string, string>): Promise<void> {
    const model = String((exchange.request.body as Record<string, unknown>).model);
    const { reply, fault } = exchange.takeScenario();
    const number = ++this.responseCount;
    const chunks = this.streamFrames(number, model, reply, rateHeaders);
    await exchange.deliver({
      contentType: 'text/event-stream',
      chunks,
      headers: { ...rateHeaders, ...reply.headers },
      intervalMs: reply.chunkIntervalMs,
      fault,
      errorFor: (status) => codexStatusError(status),
    });
  }

  /** The §2 sequence; every event carries a sequence_number as the public Responses API does. */
  private streamFrames(number: number, model: string, reply: FakeReply, rateHeaders: Record<string, string>): string[] {
    const frames: string[] = [];
    let sequence = 0;
    const emit = (type: string, data: Record<string, unknown>) => frames.push(namedFrame(type, { type, sequence_number: sequence++, ...data }));
    const responseId = `resp_fake_${number}`;
    const responseBase = { id: responseId, object: 'response', created_at: CREATED_AT, model };
    const output: Array<Record<string, unknown>> = [];
    emit('response.created', { response: { ...responseBase, status: 'in_progress', output: [] } });
    if (this.rateLimitsEvent) emit('codex.rate_limits', rateLimitsEvent(rateHeaders));

    if (reply.reasoning) {
      const output_index = output.length;
      const item_id = `rs_fake_${number}`;
      const encrypted = reply.reasoning.signature ?? `gAAAAAfake-${Buffer.from(`${this.port}-${number}`).toString('base64url')}`;
      this.issuedEncryptedContents.add(encrypted);
      emit('response.output_item.added', { output_index, item: { id: item_id, type: 'reasoning', summary: [] } });
      emit('response.reasoning_summary_part.added', { item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } });
      for (const delta of splitText(reply.reasoning.text, reply.chunkCount)) {
        emit('response.reasoning_summary_text.delta', { item_id, output_index, summary_index: 0, delta });
      }
      const summaryPart = { type: 'summary_text', text: reply.reasoning.text };
      emit('response.reasoning_summary_text.done', { item_id, output_index, summary_index: 0, text: reply.reasoning.text });
      emit('response.reasoning_summary_part.done', { item_id, output_index, summary_index: 0, part: summaryPart });
      const item = { id: item_id, type: 'reasoning', summary: [summaryPart], encrypted_content: encrypted };
      emit('response.output_item.done', { output_index, item });
      output.push(item);
    }

    if (reply.text !== undefined) {
      const output_index = output.length;
      const item_id = `msg_fake_${number}`;
      const part = { type: 'output_text', text: reply.text, annotations: [] };
      emit('response.output_item.added', { output_index, item: { id: item_id, type: 'message', role: 'assistant', status: 'in_progress', content: [] } });
      emit('response.content_part.added', { item_id, output_index, content_index: 0, part: { ...part, text: '' } });
      for (const delta of splitText(reply.text, reply.chunkCount)) emit('response.output_text.delta', { item_id, output_index, content_index: 0, delta });
      if (reply.midStreamError) return this.failed(frames, emit, responseBase, reply.midStreamError);
      emit('response.output_text.done', { item_id, output_index, content_index: 0, text: reply.text });
      emit('response.content_part.done', { item_id, output_index, content_index: 0, part });
      const item = { id: item_id, type: 'message', role: 'assistant', status: 'completed', content: [part] };
      emit('response.output_item.done', { output_index, item });
      output.push(item);
    }
    if (reply.midStreamError) return this.failed(frames, emit, responseBase, reply.midStreamError);

    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const output_index = output.length;
      const item_id = `fc_fake_${number}_${index}`;
      const call_id = call.id ?? `call_fake_${number}_${index}`;
      const opening = { id: item_id, type: 'function_call', call_id, name: call.name, arguments: '', status: 'in_progress' };
      emit('response.output_item.added', { output_index, item: opening });
      for (const delta of splitArguments(call.arguments)) emit('response.function_call_arguments.delta', { item_id, output_index, delta });
      emit('response.function_call_arguments.done', { item_id, output_index, arguments: call.arguments });
      const item = { ...opening, arguments: call.arguments, status: 'completed' };
      emit('response.output_item.done', { output_index, item });
      output.push(item);
    }

    const finished: Record<string, unknown> = { ...responseBase, status: 'completed', output };
    if (!reply.omitUsage) finished.usage = usageBody(reply);
    if (resolvedFinish(reply) === 'length') {
      emit('response.incomplete', { response: { ...finished, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    } else {
      emit('response.completed', { response: finished });
    }
    return frames;
  }

  private failed(
    frames: string[],
    emit: (type: string, data: Record<string, unknown>) => void,
    responseBase: Record<string, unknown>,
    error: { type: string; message: string },
  ): string[] {
    emit('response.failed', { response: { ...responseBase, status: 'failed', output: [], error: { code: error.type, message: error.message } } });
    return frames;
  }
}

export async function startFakeCodex(options?: FakeCodexOptions): Promise<FakeCodex> {
  return new FakeCodex(options).listen();
}

/** 429 usage_limit_reached, as the ChatGPT backend answers when the plan's window is used up. */
export function codexUsageLimitFault(options: { resetsInSeconds?: number; planType?: string } = {}): Fault {
  const resetsInSeconds = options.resetsInSeconds ?? 3600;
  const planType = options.planType ?? 'plus';
  const resetsAt = Math.floor(Date.now() / 1000) + resetsInSeconds;
  return {
    kind: 'status',
    status: 429,
    body: {
      error: {
        type: 'usage_limit_reached',
        message: `You have hit your ChatGPT usage limit (${planType} plan).`,
        plan_type: planType,
        resets_at: resetsAt,
        resets_in_seconds: resetsInSeconds,
      },
    },
    headers: {
      'x-codex-primary-used-percent': '100',
      'x-codex-primary-reset-at': String(resetsAt),
      'x-codex-primary-reset-after-seconds': String(resetsInSeconds),
    },
  };
}

function codexStatusError(status: number): ErrorAnswer {
  if (status === 429) return { body: { error: { type: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again later.' } }, headers: { 'retry-after': '30' } };
  if (status >= 500) return { body: { error: { type: 'server_error', message: 'An error occurred while processing your request.' } } };
  return { body: { detail: `Request failed with status ${status}` } };
}

function usageBody(reply: FakeReply): Record<string, unknown> {
  const usage = resolvedUsage(reply);
  const input = usage.input + usage.cached;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cached },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: usage.reasoning },
    total_tokens: input + usage.output,
  };
}

/** `GET …/wham/usage`: the same windows as the x-codex-* headers. */
function usageReadout(headers: Record<string, string>): Record<string, unknown> {
  const window = (prefix: string) => ({
    used_percent: Number(headers[`x-codex-${prefix}-used-percent`]),
    limit_window_seconds: Number(headers[`x-codex-${prefix}-window-minutes`]) * 60,
    reset_after_seconds: Number(headers[`x-codex-${prefix}-reset-after-seconds`]),
    reset_at: Number(headers[`x-codex-${prefix}-reset-at`]),
  });
  const limitReached = Number(headers['x-codex-primary-used-percent']) >= 100;
  return { plan_type: 'plus', rate_limit: { allowed: !limitReached, limit_reached: limitReached, primary_window: window('primary'), secondary_window: window('secondary') } };
}

function rateLimitsEvent(headers: Record<string, string>): Record<string, unknown> {
  const window = (prefix: string) => ({
    used_percent: Number(headers[`x-codex-${prefix}-used-percent`]),
    window_minutes: Number(headers[`x-codex-${prefix}-window-minutes`]),
    reset_at: Number(headers[`x-codex-${prefix}-reset-at`]),
  });
  return {
    plan_type: 'plus',
    rate_limits: { primary: window('primary'), secondary: window('secondary') },
    credits: { has_credits: false, unlimited: false, balance: null },
  };
}
