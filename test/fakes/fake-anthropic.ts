/**
 * Fake Anthropic Messages API reached with a Claude Pro/Max OAuth token (protocols.md §1): strict about the OAuth
 * headers, tool_use/tool_result pairing and thinking signatures, streaming the documented SSE sequence.
 */
import { FakeUpstream, namedFrame, readTokens, type ErrorAnswer, type Exchange, type Fault, type TokenSet } from './fake-upstream-base.js';
import { parsedArguments, resolvedFinish, resolvedUsage, splitArguments, splitText, type FakeReply } from './fake-reply.js';
import { validateAnthropicBody } from './fake-anthropic-validation.js';

export interface FakeAnthropicOptions {
  /** Accepted OAuth access tokens; a function is read per request so tests can rotate tokens. */
  accessTokens?: TokenSet;
  /** Tokens answered with 401 "OAuth token has expired". */
  expiredTokens?: TokenSet;
  /** Overrides for the anthropic-ratelimit-unified-* headers sent on every answer. */
  rateLimitHeaders?: Record<string, string>;
}

export const DEFAULT_ANTHROPIC_ACCESS_TOKEN = 'sk-ant-oat01-fake-access-token';
export const ANTHROPIC_OAUTH_BETA = 'oauth-2025-04-20';

const STOP_REASONS = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' } as const;
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export class FakeAnthropic extends FakeUpstream {
  /** Every thinking signature this fake has sent; replayed thinking blocks must carry one of these. */
  readonly issuedSignatures = new Set<string>();
  private rateLimitHeaderOverrides: Record<string, string>;
  private messageCount = 0;
  private requestIdCount = 0;

  constructor(private readonly options: FakeAnthropicOptions = {}) {
    super();
    this.rateLimitHeaderOverrides = { ...options.rateLimitHeaders };
  }

  setRateLimitHeaders(headers: Record<string, string>): void {
    this.rateLimitHeaderOverrides = { ...headers };
  }

  /** The unified rate-limit headers as they are sent now (defaults: allowed, resets 1 h / 3 days ahead). */
  rateLimitHeaders(): Record<string, string> {
    const now = Math.floor(Date.now() / 1000);
    return {
      'anthropic-ratelimit-unified-status': 'allowed',
      'anthropic-ratelimit-unified-reset': String(now + 3600),
      'anthropic-ratelimit-unified-5h-status': 'allowed',
      'anthropic-ratelimit-unified-5h-reset': String(now + 3600),
      'anthropic-ratelimit-unified-7d-status': 'allowed',
      'anthropic-ratelimit-unified-7d-reset': String(now + 3 * 86400),
      ...this.rateLimitHeaderOverrides,
    };
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const path = exchange.url.pathname;
    const isMessages = path === '/v1/messages';
    const isCount = path === '/v1/messages/count_tokens';
    if (method !== 'POST' || (!isMessages && !isCount)) return this.reject(exchange, 404, `Not found: ${method} ${path}`);
    const authFailure = this.authFailure(exchange);
    if (authFailure) return this.reject(exchange, authFailure.status, authFailure.message);
    if (!exchange.hasJsonContentType()) return this.reject(exchange, 400, 'Content-Type must be application/json');
    const bodyError = validateAnthropicBody(exchange.request.body, { requireMaxTokens: isMessages, issuedSignatures: this.issuedSignatures });
    if (bodyError) return this.reject(exchange, 400, bodyError);
    if (isCount) {
      // Any deterministic estimate will do: a token per four characters of the request body.
      return exchange.sendJson(200, { input_tokens: Math.ceil(exchange.request.bodyText.length / 4) }, this.commonHeaders());
    }
    return this.messages(exchange);
  }

  private authFailure(exchange: Exchange): { status: number; message: string } | undefined {
    if (exchange.header('x-api-key') !== undefined) {
      return { status: 401, message: 'x-api-key must not be sent with an OAuth access token; use Authorization: Bearer.' };
    }
    const token = exchange.bearerToken();
    if (token === undefined) return { status: 401, message: 'x-api-key header is required' };
    if (exchange.header('anthropic-version') === undefined) return { status: 400, message: 'anthropic-version: header is required' };
    const betas = (exchange.header('anthropic-beta') ?? '').split(',').map((beta) => beta.trim());
    if (!betas.includes(ANTHROPIC_OAUTH_BETA)) return { status: 400, message: 'OAuth authentication is currently not supported.' };
    if (readTokens(this.options.expiredTokens, []).has(token)) {
      return { status: 401, message: 'OAuth token has expired. Please obtain a new token or refresh your existing token.' };
    }
    if (!readTokens(this.options.accessTokens, [DEFAULT_ANTHROPIC_ACCESS_TOKEN]).has(token)) {
      return { status: 401, message: 'Invalid bearer token' };
    }
    return undefined;
  }

  private async messages(exchange: Exchange): Promise<void> {
    const body = exchange.request.body as Record<string, unknown>;
    const model = String(body.model);
    const { reply, fault } = exchange.takeScenario();
    const id = `msg_fake_${++this.messageCount}`;
    const headers = { ...this.commonHeaders(), ...reply.headers };
    const errorFor = (status: number): ErrorAnswer => this.statusError(status);
    const signature = reply.reasoning ? this.issueSignature(reply.reasoning.signature) : undefined;

    if (body.stream !== true) {
      if (reply.midStreamError) {
        const error = this.errorBody('api_error', reply.midStreamError.message);
        return exchange.deliver({ status: 500, contentType: 'application/json', chunks: [JSON.stringify(error)], headers, fault, errorFor });
      }
      const message = this.messageBody(id, model, reply, signature);
      return exchange.deliver({ contentType: 'application/json', chunks: [JSON.stringify(message)], headers, fault, errorFor });
    }
    const chunks = this.streamFrames(id, model, reply, signature);
    await exchange.deliver({ contentType: 'text/event-stream', chunks, headers, intervalMs: reply.chunkIntervalMs, fault, errorFor });
  }

  private messageBody(id: string, model: string, reply: FakeReply, signature: string | undefined): Record<string, unknown> {
    const content: Array<Record<string, unknown>> = [];
    if (reply.reasoning) content.push({ type: 'thinking', thinking: reply.reasoning.text, signature });
    if (reply.text !== undefined) content.push({ type: 'text', text: reply.text });
    for (const call of this.toolCalls(reply)) content.push({ type: 'tool_use', id: call.id, name: call.name, input: parsedArguments(call.arguments) });
    const usage = resolvedUsage(reply);
    return {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: STOP_REASONS[resolvedFinish(reply)],
      stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output, cache_read_input_tokens: usage.cached, cache_creation_input_tokens: 0 },
    };
  }

  /** The §1 sequence: message_start, ping, thinking/text/tool_use blocks, message_delta, message_stop. */
  private streamFrames(id: string, model: string, reply: FakeReply, signature: string | undefined): string[] {
    const usage = resolvedUsage(reply);
    const frames: string[] = [];
    const emit = (type: string, data: Record<string, unknown>) => frames.push(namedFrame(type, { type, ...data }));
    const startUsage = { input_tokens: usage.input, output_tokens: 1, cache_read_input_tokens: usage.cached, cache_creation_input_tokens: 0 };
    emit('message_start', {
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage },
    });
    emit('ping', {});
    let index = 0;
    if (reply.reasoning) {
      emit('content_block_start', { index, content_block: { type: 'thinking', thinking: '' } });
      for (const piece of splitText(reply.reasoning.text, reply.chunkCount)) {
        emit('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } });
      }
      emit('content_block_delta', { index, delta: { type: 'signature_delta', signature } });
      emit('content_block_stop', { index });
      index++;
    }
    if (reply.text !== undefined) {
      emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const piece of splitText(reply.text, reply.chunkCount)) emit('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
      if (reply.midStreamError) return this.withStreamError(frames, reply.midStreamError);
      emit('content_block_stop', { index });
      index++;
    }
    if (reply.midStreamError) return this.withStreamError(frames, reply.midStreamError);
    for (const call of this.toolCalls(reply)) {
      emit('content_block_start', { index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } });
      for (const fragment of splitArguments(call.arguments)) {
        emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: fragment } });
      }
      emit('content_block_stop', { index });
      index++;
    }
    const delta: Record<string, unknown> = { delta: { stop_reason: STOP_REASONS[resolvedFinish(reply)], stop_sequence: null } };
    // Usage in message_delta is cumulative for the whole message.
    if (!reply.omitUsage) delta.usage = { ...startUsage, output_tokens: usage.output };
    emit('message_delta', delta);
    emit('message_stop', {});
    return frames;
  }

  private withStreamError(frames: string[], error: { type: string; message: string }): string[] {
    frames.push(namedFrame('error', { type: 'error', error: { type: error.type, message: error.message } }));
    return frames;
  }

  private toolCalls(reply: FakeReply): Array<{ id: string; name: string; arguments: string }> {
    return (reply.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `toolu_fake_${this.messageCount}_${index}`,
      name: call.name,
      arguments: call.arguments,
    }));
  }

  private issueSignature(requested: string | undefined): string {
    const signature = requested ?? Buffer.from(`fake-anthropic-signature-${this.messageCount}-${this.port}`).toString('base64');
    this.issuedSignatures.add(signature);
    return signature;
  }

  private commonHeaders(): Record<string, string> {
    return { ...this.rateLimitHeaders(), 'request-id': this.nextRequestId() };
  }

  private nextRequestId(): string {
    return `req_fake_${++this.requestIdCount}`;
  }

  private errorBody(type: string, message: string): Record<string, unknown> {
    return { type: 'error', error: { type, message }, request_id: this.nextRequestId() };
  }

  private statusError(status: number): ErrorAnswer {
    const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    const messages: Record<string, string> = { rate_limit_error: 'Rate limited. Please try again later.', overloaded_error: 'Overloaded' };
    const headers: Record<string, string> = status === 429 ? { 'retry-after': '30' } : {};
    return { body: this.errorBody(type, messages[type] ?? `Request failed with status ${status}`), headers };
  }

  private reject(exchange: Exchange, status: number, message: string): void {
    const type = ERROR_TYPES[status] ?? 'invalid_request_error';
    exchange.sendJson(status, this.errorBody(type, message), this.commonHeaders());
  }
}

export async function startFakeAnthropic(options?: FakeAnthropicOptions): Promise<FakeAnthropic> {
  return new FakeAnthropic(options).listen();
}

/** A 429 rate_limit_error with retry-after (seconds) and rejected unified status. */
export function anthropicRateLimitFault(retryAfterSeconds = 30): Fault {
  return {
    kind: 'status',
    status: 429,
    body: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited. Please try again later.' }, request_id: 'req_fake_rate_limited' },
    headers: { 'retry-after': String(retryAfterSeconds), 'anthropic-ratelimit-unified-status': 'rejected', 'anthropic-ratelimit-unified-5h-status': 'rejected' },
  };
}

export function anthropicOverloadedFault(): Fault {
  return { kind: 'status', status: 529 };
}
