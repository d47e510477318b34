/**
 * Fake OpenAI-compatible upstream (protocols.md §5, §6): /v1/models and /v1/chat/completions, strict like OpenAI,
 * with quirk knobs that imitate the sloppier compatible servers (gpt4free, WebAI-to-API).
 */
import { dataFrame, FakeUpstream, type ErrorAnswer, type Exchange } from './fake-upstream-base.js';
import { isRecord, resolvedFinish, resolvedUsage, splitArguments, splitText, type FakeReply } from './fake-reply.js';

export interface OpenAiCompatibleQuirks {
  omitUsage?: boolean;
  omitFinishReason?: boolean;
  omitIdAndCreated?: boolean;
  choicesNullOnUsageChunk?: boolean;
  nonStreamingReplyToStreamRequest?: boolean;
  omitToolCallName?: boolean;
  noDoneMarker?: boolean;
}

export interface FakeOpenAiCompatibleOptions {
  /** When set, `Authorization: Bearer <apiKey>` is required. */
  apiKey?: string;
  models?: string[];
  tolerantQuirks?: OpenAiCompatibleQuirks;
}

export const DEFAULT_OPENAI_MODELS = ['fake-gpt-4o', 'fake-gpt-4o-mini'];
const CREATED = 1_700_000_000;
const VALID_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

export class FakeOpenAiCompatible extends FakeUpstream {
  readonly models: string[];
  private quirks: OpenAiCompatibleQuirks;
  private completionCount = 0;

  constructor(private readonly options: FakeOpenAiCompatibleOptions = {}) {
    super();
    this.models = options.models ?? DEFAULT_OPENAI_MODELS;
    this.quirks = { ...options.tolerantQuirks };
  }

  setQuirks(quirks: OpenAiCompatibleQuirks): void {
    this.quirks = { ...quirks };
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const path = exchange.url.pathname;
    if (!this.isAuthorized(exchange)) {
      return exchange.sendJson(401, openAiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
    }
    if (method === 'GET' && path === '/v1/models') {
      const data = this.models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'fake-upstream' }));
      return exchange.sendJson(200, { object: 'list', data });
    }
    if (method === 'POST' && path === '/v1/chat/completions') return this.chatCompletions(exchange);
    return exchange.sendJson(404, openAiError(`Invalid URL (${method} ${path})`, 'invalid_request_error'));
  }

  private isAuthorized(exchange: Exchange): boolean {
    if (this.options.apiKey === undefined) return true;
    return exchange.header('authorization') === `Bearer ${this.options.apiKey}`;
  }

  private async chatCompletions(exchange: Exchange): Promise<void> {
    const rejection = this.validate(exchange);
    if (rejection) return exchange.sendJson(rejection.status, rejection.body);
    const body = exchange.request.body as Record<string, unknown>;
    const model = body.model as string;
    const stream = body.stream === true;
    const includeUsage = stream && isRecord(body.stream_options) && body.stream_options.include_usage === true;
    const { reply, fault } = exchange.takeScenario();
    const id = `chatcmpl-fake-${++this.completionCount}`;
    const errorFor = (status: number): ErrorAnswer => openAiStatusError(status);
    const headers = reply.headers;

    if (reply.midStreamError && !stream) {
      const error = openAiError(reply.midStreamError.message, reply.midStreamError.type);
      return exchange.deliver({ status: 500, contentType: 'application/json', chunks: [JSON.stringify(error)], headers, fault, errorFor });
    }
    if (!stream || this.quirks.nonStreamingReplyToStreamRequest) {
      const completion = this.completionBody(id, model, reply);
      return exchange.deliver({ contentType: 'application/json', chunks: [JSON.stringify(completion)], headers, fault, errorFor });
    }
    const chunks = this.streamFrames(id, model, reply, includeUsage);
    await exchange.deliver({ contentType: 'text/event-stream', chunks, headers, intervalMs: reply.chunkIntervalMs, fault, errorFor });
  }

  /** OpenAI's own checks, in its order: JSON, model, messages, roles, tool-call pairing, stream_options, model existence. */
  private validate(exchange: Exchange): { status: number; body: unknown } | undefined {
    const invalid = (message: string, param: string | null = null) => ({ status: 400, body: openAiError(message, 'invalid_request_error', null, param) });
    if (!exchange.hasJsonContentType()) return invalid('Unsupported content type: expected application/json.');
    const body = exchange.request.body;
    if (!isRecord(body)) return invalid('We could not parse the JSON body of your request.');
    if (typeof body.model !== 'string') return invalid('you must provide a model parameter', 'model');
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0) return invalid("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages');
    for (const [index, message] of messages.entries()) {
      if (!isRecord(message) || !VALID_ROLES.includes(String(message.role))) {
        const role = isRecord(message) ? String(message.role) : 'undefined';
        return invalid(`Invalid value: '${role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `messages[${index}].role`);
      }
    }
    const pairing = toolPairingError(messages as Array<Record<string, unknown>>);
    if (pairing) return invalid(pairing.message, pairing.param);
    if (body.stream_options != null && body.stream !== true) {
      return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
    }
    if (!this.models.includes(body.model)) {
      return { status: 404, body: openAiError(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found') };
    }
    return undefined;
  }

  private completionBody(id: string, model: string, reply: FakeReply): Record<string, unknown> {
    const toolCalls = this.toolCalls(reply).map((call) => ({
      id: call.id,
      type: 'function',
      function: this.quirks.omitToolCallName ? { arguments: call.arguments } : { name: call.name, arguments: call.arguments },
    }));
    const message: Record<string, unknown> = { role: 'assistant', content: reply.text ?? null };
    if (reply.reasoning) message.reasoning_content = reply.reasoning.text;
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    const finish = this.quirks.omitFinishReason ? null : resolvedFinish(reply);
    const completion: Record<string, unknown> = {
      ...this.identity(id),
      object: 'chat.completion',
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    };
    if (!reply.omitUsage && !this.quirks.omitUsage) completion.usage = usageBody(reply);
    return completion;
  }

  private streamFrames(id: string, model: string, reply: FakeReply, includeUsage: boolean): string[] {
    const base = { ...this.identity(id), object: 'chat.completion.chunk', model };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => {
      const frame: Record<string, unknown> = { ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
      if (includeUsage) frame.usage = null;
      return dataFrame(frame);
    };
    const frames = [chunk({ role: 'assistant', content: '' })];
    for (const piece of splitText(reply.reasoning?.text ?? '', reply.chunkCount)) frames.push(chunk({ reasoning_content: piece }));
    for (const piece of splitText(reply.text ?? '', reply.chunkCount)) frames.push(chunk({ content: piece }));
    for (const [index, call] of this.toolCalls(reply).entries()) {
      const opening: Record<string, unknown> = { arguments: '' };
      if (!this.quirks.omitToolCallName) opening.name = call.name;
      frames.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: opening }] }));
      for (const fragment of splitArguments(call.arguments)) {
        frames.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
      }
    }
    if (reply.midStreamError) {
      // OpenAI reports a failure after the first byte as an in-band error object, then ends without [DONE].
      frames.push(dataFrame({ error: { message: reply.midStreamError.message, type: reply.midStreamError.type, param: null, code: null } }));
      return frames;
    }
    if (!this.quirks.omitFinishReason) frames.push(chunk({}, resolvedFinish(reply)));
    if (includeUsage && !reply.omitUsage && !this.quirks.omitUsage) {
      frames.push(dataFrame({ ...base, choices: this.quirks.choicesNullOnUsageChunk ? null : [], usage: usageBody(reply) }));
    }
    if (!this.quirks.noDoneMarker) frames.push(dataFrame('[DONE]'));
    return frames;
  }

  private identity(id: string): Record<string, unknown> {
    return this.quirks.omitIdAndCreated ? {} : { id, created: CREATED };
  }

  private toolCalls(reply: FakeReply): Array<{ id: string; name: string; arguments: string }> {
    return (reply.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_fake_${this.completionCount}_${index}`,
      name: call.name,
      arguments: call.arguments,
    }));
  }
}

export async function startFakeOpenAiCompatible(options?: FakeOpenAiCompatibleOptions): Promise<FakeOpenAiCompatible> {
  return new FakeOpenAiCompatible(options).listen();
}

/**
 * OpenAI requires every `tool` message to sit in the run directly after an assistant message whose tool_calls hold
 * its id, and every such assistant tool call to be answered in that run.
 */
function toolPairingError(messages: Array<Record<string, unknown>>): { message: string; param: string } | undefined {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (message.role !== 'assistant' || !Array.isArray(message.tool_calls) || message.tool_calls.length === 0) {
      if (message.role === 'tool') {
        return { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: `messages.[${index}].role` };
      }
      continue;
    }
    const expected = message.tool_calls.map((call) => (isRecord(call) ? String(call.id) : ''));
    const answered = new Set<string>();
    let next = index + 1;
    for (; next < messages.length && messages[next].role === 'tool'; next++) {
      const toolCallId = String(messages[next].tool_call_id);
      if (!expected.includes(toolCallId)) {
        return { message: `Invalid parameter: 'tool_call_id' of '${toolCallId}' not found in 'tool_calls' of previous message.`, param: `messages.[${next}].tool_call_id` };
      }
      answered.add(toolCallId);
    }
    const missing = expected.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${missing.join(', ')}`,
        param: 'messages',
      };
    }
    index = next - 1;
  }
  return undefined;
}

function usageBody(reply: FakeReply): Record<string, unknown> {
  const usage = resolvedUsage(reply);
  const prompt = usage.input + usage.cached;
  return {
    prompt_tokens: prompt,
    completion_tokens: usage.output,
    total_tokens: prompt + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cached },
    completion_tokens_details: { reasoning_tokens: usage.reasoning },
  };
}

export function openAiError(message: string, type: string, code: string | null = null, param: string | null = null): Record<string, unknown> {
  return { error: { message, type, param, code } };
}

function openAiStatusError(status: number): ErrorAnswer {
  if (status === 429) {
    return { body: openAiError('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), headers: { 'retry-after': '30' } };
  }
  if (status >= 500) return { body: openAiError('The server had an error while processing your request. Sorry about that!', 'server_error') };
  return { body: openAiError(`Request failed with status ${status}`, 'invalid_request_error') };
}
