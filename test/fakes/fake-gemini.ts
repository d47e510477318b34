/**
 * Fake Gemini API (protocols.md §4): models list, generateContent, streamGenerateContent (SSE with ?alt=sse,
 * otherwise one JSON array written progressively) and countTokens. Errors use `{error:{code,message,status}}`.
 */
import { dataFrame, FakeUpstream, type ErrorAnswer, type Exchange } from './fake-upstream-base.js';
import { isRecord, parsedArguments, resolvedFinish, resolvedUsage, splitText, type FakeReply } from './fake-reply.js';
import { contentsError, validateGeminiBody } from './fake-gemini-validation.js';

export interface FakeGeminiOptions {
  /** When set, `x-goog-api-key` or `?key=` must carry it. */
  apiKey?: string;
  models?: string[];
}

export const DEFAULT_GEMINI_MODELS = ['gemini-2.5-pro', 'gemini-2.5-flash'];
const METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'] as const;
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};
const STATUS_MESSAGES: Record<number, string> = {
  429: 'Resource has been exhausted (e.g. check quota).',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
};

export class FakeGemini extends FakeUpstream {
  readonly models: string[];
  /** thoughtSignature values this fake has sent; replayed functionCall parts must carry one of these. */
  readonly issuedSignatures = new Set<string>();
  private responseCount = 0;

  constructor(private readonly options: FakeGeminiOptions = {}) {
    super();
    this.models = options.models ?? DEFAULT_GEMINI_MODELS;
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const path = exchange.url.pathname;
    const keyError = this.keyError(exchange);
    if (keyError) return exchange.sendJson(keyError.status, geminiError(keyError.status, keyError.message));
    if (method === 'GET' && path === '/v1beta/models') {
      return exchange.sendJson(200, { models: this.models.map((model) => modelInfo(model)) });
    }
    const match = /^\/v1beta\/models\/([^/:]+):([A-Za-z]+)$/.exec(path);
    const action = METHODS.find((name) => name === match?.[2]);
    if (method !== 'POST' || !match || !action) return exchange.sendJson(404, geminiError(404, `Not found: ${method} ${path}`));
    const model = decodeURIComponent(match[1]);
    if (!this.models.includes(model)) {
      const message = `models/${model} is not found for API version v1beta, or is not supported for ${action}. Call ListModels to see the list of available models and their supported methods.`;
      return exchange.sendJson(404, geminiError(404, message));
    }
    if (!exchange.hasJsonContentType()) return exchange.sendJson(400, geminiError(400, 'Invalid JSON payload received. Expected application/json.'));
    if (action === 'countTokens') return this.countTokens(exchange);
    const invalid = validateGeminiBody(exchange.request.body, this.issuedSignatures);
    if (invalid) return exchange.sendJson(400, geminiError(400, invalid));
    return this.generate(exchange, model, action === 'streamGenerateContent');
  }

  private keyError(exchange: Exchange): { status: number; message: string } | undefined {
    if (this.options.apiKey === undefined) return undefined;
    const key = exchange.header('x-goog-api-key') ?? exchange.url.searchParams.get('key') ?? undefined;
    if (key === undefined) {
      return {
        status: 403,
        message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      };
    }
    if (key !== this.options.apiKey) return { status: 400, message: 'API key not valid. Please pass a valid API key.' };
    return undefined;
  }

  private countTokens(exchange: Exchange): void {
    const body = exchange.request.body;
    const request = isRecord(body) && isRecord(body.generateContentRequest) ? body.generateContentRequest : body;
    const invalid = isRecord(request) ? contentsError(request.contents) : 'Invalid JSON payload received. Unexpected token.';
    if (invalid) return exchange.sendJson(400, geminiError(400, invalid));
    // Any deterministic estimate will do: a token per four characters of the request body.
    exchange.sendJson(200, { totalTokens: Math.ceil(exchange.request.bodyText.length / 4) });
  }

  private async generate(exchange: Exchange, model: string, stream: boolean): Promise<void> {
    const { reply, fault } = exchange.takeScenario();
    const responseId = `fake-gemini-response-${++this.responseCount}`;
    const errorFor = (status: number): ErrorAnswer => ({ body: geminiError(status, STATUS_MESSAGES[status] ?? `Request failed with status ${status}`) });
    const headers = reply.headers;
    const frames = this.frames(model, responseId, reply);
    if (!stream) {
      if (reply.midStreamError) {
        return exchange.deliver({ status: 500, contentType: 'application/json', chunks: [JSON.stringify(geminiError(500, reply.midStreamError.message))], headers, fault, errorFor });
      }
      return exchange.deliver({ contentType: 'application/json', chunks: [JSON.stringify(mergeFrames(frames))], headers, fault, errorFor });
    }
    if (exchange.url.searchParams.get('alt') === 'sse') {
      // SSE frames are unnamed `data:` lines, and the stream just ends: Gemini sends no [DONE].
      const chunks = frames.map((frame) => dataFrame(frame));
      return exchange.deliver({ contentType: 'text/event-stream', chunks, headers, intervalMs: reply.chunkIntervalMs, fault, errorFor });
    }
    // Without alt=sse the stream is one JSON array, written element by element.
    const chunks = frames.map((frame, index) => `${index === 0 ? '[' : ',\r\n'}${JSON.stringify(frame)}`);
    chunks.push(frames.length === 0 ? '[]' : ']');
    await exchange.deliver({ contentType: 'application/json', chunks, headers, intervalMs: reply.chunkIntervalMs, fault, errorFor });
  }

  /** One GenerateContentResponse per delta; the last carries finishReason and usageMetadata. */
  private frames(model: string, responseId: string, reply: FakeReply): Array<Record<string, unknown>> {
    const frame = (parts: Array<Record<string, unknown>>) => ({
      candidates: [{ content: { role: 'model', parts }, index: 0 }] as Array<Record<string, unknown>>,
      modelVersion: model,
      responseId,
    });
    const frames: Array<ReturnType<typeof frame>> = [];
    if (reply.reasoning) {
      const pieces = splitText(reply.reasoning.text, reply.chunkCount);
      const signature = this.issue(reply.reasoning.signature ?? `fake-gemini-thought-${this.port}-${this.responseCount}`);
      pieces.forEach((text, index) => {
        const part: Record<string, unknown> = { text, thought: true };
        if (index === pieces.length - 1) part.thoughtSignature = signature;
        frames.push(frame([part]));
      });
    }
    for (const text of splitText(reply.text ?? '', reply.chunkCount)) frames.push(frame([{ text }]));
    if (reply.midStreamError) {
      const error = geminiError(500, reply.midStreamError.message) as { error: Record<string, unknown> };
      error.error.status = reply.midStreamError.type;
      return [...frames, error];
    }
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const functionCall: Record<string, unknown> = { name: call.name, args: parsedArguments(call.arguments) };
      if (call.id) functionCall.id = call.id;
      const thoughtSignature = this.issue(`fake-gemini-call-${this.port}-${this.responseCount}-${index}`);
      frames.push(frame([{ functionCall, thoughtSignature }]));
    }
    if (frames.length === 0) frames.push(frame([{ text: '' }]));
    const last = frames[frames.length - 1];
    last.candidates[0].finishReason = resolvedFinish(reply) === 'length' ? 'MAX_TOKENS' : 'STOP';
    if (!reply.omitUsage) Object.assign(last, { usageMetadata: usageMetadata(reply) });
    return frames;
  }

  private issue(signature: string): string {
    this.issuedSignatures.add(signature);
    return signature;
  }
}

export async function startFakeGemini(options?: FakeGeminiOptions): Promise<FakeGemini> {
  return new FakeGemini(options).listen();
}

/** generateContent answers the whole reply at once: the stream frames' parts, merged. */
function mergeFrames(frames: Array<Record<string, unknown>>): Record<string, unknown> {
  const parts: Array<Record<string, unknown>> = [];
  for (const frame of frames) {
    const candidate = (frame.candidates as Array<{ content: { parts: Array<Record<string, unknown>> } }>)[0];
    for (const part of candidate.content.parts) {
      const previous = parts[parts.length - 1];
      const sameKind = previous && typeof previous.text === 'string' && typeof part.text === 'string' && previous.thought === part.thought;
      if (sameKind) Object.assign(previous, { ...part, text: `${String(previous.text)}${String(part.text)}` });
      else parts.push({ ...part });
    }
  }
  const last = frames[frames.length - 1];
  const lastCandidate = (last.candidates as Array<Record<string, unknown>>)[0];
  return { ...last, candidates: [{ ...lastCandidate, content: { role: 'model', parts } }] };
}

function usageMetadata(reply: FakeReply): Record<string, unknown> {
  const usage = resolvedUsage(reply);
  const prompt = usage.input + usage.cached;
  const metadata: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: usage.output,
    thoughtsTokenCount: usage.reasoning,
    totalTokenCount: prompt + usage.output + usage.reasoning,
  };
  if (usage.cached > 0) metadata.cachedContentTokenCount = usage.cached;
  return metadata;
}

function modelInfo(model: string): Record<string, unknown> {
  return {
    name: `models/${model}`,
    version: '001',
    displayName: model,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}

export function geminiError(status: number, message: string): Record<string, unknown> {
  return { error: { code: status, message, status: STATUS_NAMES[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION') } };
}
