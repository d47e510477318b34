/**
 * Gemini upstream frames -> canonical parts. Each `?alt=sse` frame is one GenerateContentResponse;
 * the JSON-array form (no `alt=sse`) is fed element by element, and parseResponse feeds a whole body.
 *
 * The finish part waits for end(): Gemini puts finishReason and usageMetadata in the last frame, but
 * a late usage-only frame may follow, and exactly one finish must carry the final usage. A stream that
 * ends without any finishReason was cut (Gemini always sends one), so end() reports an error then.
 */
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import { isRecord } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamDecoder, StreamFrame } from '../wire-format.js';
import { errorShapeFromGemini } from './gemini-errors.js';
import { finishReasonFromGemini, usageFromGemini } from './gemini-finish-usage.js';
import { decodeSignature } from './gemini-signatures.js';

type OpenBlock = 'none' | 'text' | 'reasoning';

export interface GeminiStreamDecoderOptions {
  /** A whole response body may lack finishReason (some relays): then end() finishes with `stop`. */
  tolerateMissingFinish?: boolean;
}

export class GeminiStreamDecoder implements StreamDecoder {
  private started = false;
  private open: OpenBlock = 'none';
  private blockId = '';
  private blockCount = 0;
  private sawToolCall = false;
  private finishReason: string | undefined;
  private blockReason: string | undefined;
  private usage: CanonicalUsage | undefined;
  private stopped = false;

  constructor(
    private readonly context: TranslationContext,
    private readonly options: GeminiStreamDecoderOptions = {},
  ) {}

  push(frame: StreamFrame): CanonicalPart[] {
    if (this.stopped) return [];
    const data = frame.data;
    if (data === '' || data === '[DONE]') return [];
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      this.stopped = true;
      const message = 'The Gemini upstream sent a stream frame that is not JSON.';
      return [{ type: 'error', error: { code: 'translation_failed', message, status: 502, retryable: false } }];
    }
    const out: CanonicalPart[] = [];
    if (Array.isArray(chunk)) for (const element of chunk) this.read(element, out);
    else this.read(chunk, out);
    return out;
  }

  /** One already-parsed GenerateContentResponse (parseResponse, JSON-array elements). */
  pushChunk(chunk: unknown): CanonicalPart[] {
    const out: CanonicalPart[] = [];
    this.read(chunk, out);
    return out;
  }

  end(): CanonicalPart[] {
    if (this.stopped) return [];
    this.stopped = true;
    const reason = this.finishReason ?? this.blockReason;
    if (reason === undefined && !this.options.tolerateMissingFinish) {
      const message = this.started
        ? 'The Gemini stream ended before its finishReason: the upstream connection was cut.'
        : 'The Gemini stream ended before sending anything.';
      return [{ type: 'error', error: { code: 'stream_interrupted', message, status: 502, retryable: true } }];
    }
    const out: CanonicalPart[] = [];
    if (!this.started) this.start(undefined, undefined, out);
    this.closeBlock(out);
    const finish: CanonicalPart = {
      type: 'finish',
      finishReason:
        this.finishReason !== undefined
          ? finishReasonFromGemini(this.finishReason, this.sawToolCall)
          : this.blockReason !== undefined
            ? 'content-filter'
            : this.sawToolCall
              ? 'tool-calls'
              : 'stop',
    };
    if (reason !== undefined) finish.rawFinishReason = reason;
    if (this.usage) finish.usage = this.usage;
    out.push(finish);
    return out;
  }

  private read(chunk: unknown, out: CanonicalPart[]): void {
    if (this.stopped || !isRecord(chunk)) return;
    if (isRecord(chunk.error)) {
      this.stopped = true;
      out.push({ type: 'error', error: errorShapeFromGemini(chunk.error) });
      return;
    }
    if (!this.started) this.start(chunk.responseId, chunk.modelVersion, out);
    const candidates = chunk.candidates;
    const candidate = Array.isArray(candidates) ? candidates[0] : undefined;
    if (isRecord(candidate)) {
      const content = candidate.content;
      if (isRecord(content) && Array.isArray(content.parts)) {
        for (const part of content.parts) if (isRecord(part)) this.readPart(part, out);
      }
      if (typeof candidate.finishReason === 'string') this.finishReason = candidate.finishReason;
    }
    const feedback = chunk.promptFeedback;
    if (isRecord(feedback) && typeof feedback.blockReason === 'string') this.blockReason = feedback.blockReason;
    const usage = usageFromGemini(chunk.usageMetadata);
    if (usage) this.usage = usage;
  }

  private start(responseId: unknown, modelVersion: unknown, out: CanonicalPart[]): void {
    this.started = true;
    out.push({
      type: 'response-start',
      id: typeof responseId === 'string' && responseId ? responseId : this.context.newId('resp_'),
      model: typeof modelVersion === 'string' && modelVersion ? modelVersion : this.context.clientModel,
      created: this.context.nowSeconds(),
    });
  }

  private readPart(part: Record<string, unknown>, out: CanonicalPart[]): void {
    const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
    const call = part.functionCall;
    if (isRecord(call)) {
      this.readCall(call, signature, out);
      return;
    }
    const text = part.text;
    if (typeof text === 'string') {
      if (part.thought === true) {
        this.readThought(text, signature, out);
        return;
      }
      if (text !== '') {
        if (this.open !== 'text') this.openBlock('text', out);
        out.push({ type: 'text-delta', id: this.blockId, delta: text });
        if (signature !== undefined) {
          // The signature closes its block, so a Gemini upstream gets it back on the same text.
          out.push({ type: 'text-end', id: this.blockId, providerMetadata: { gemini: { thoughtSignature: signature } } });
          this.open = 'none';
        }
        return;
      }
    }
    if (signature !== undefined && part.inlineData === undefined && part.fileData === undefined) this.readBareSignature(signature, out);
    // Other parts (images from image models, executableCode...) have no canonical stream part.
  }

  private readThought(text: string, signature: string | undefined, out: CanonicalPart[]): void {
    const decoded = signature === undefined ? undefined : decodeSignature(signature);
    if (decoded?.kind === 'redacted') {
      this.closeBlock(out);
      const id = this.nextBlockId();
      out.push({ type: 'reasoning-start', id, redactedData: decoded.data });
      if (text) out.push({ type: 'reasoning-delta', id, delta: text });
      out.push({ type: 'reasoning-end', id });
      return;
    }
    if (this.open !== 'reasoning') {
      if (!text && !decoded) return;
      this.openBlock('reasoning', out);
    }
    if (text) out.push({ type: 'reasoning-delta', id: this.blockId, delta: text });
    if (decoded) {
      out.push({ type: 'reasoning-end', id: this.blockId, signature: decoded.signature, signatureFormat: decoded.signatureFormat });
      this.open = 'none';
    }
  }

  /** `{text:"", thoughtSignature}`: the signature of the block before it, or of an empty thought. */
  private readBareSignature(signature: string, out: CanonicalPart[]): void {
    if (this.open === 'text') {
      out.push({ type: 'text-end', id: this.blockId, providerMetadata: { gemini: { thoughtSignature: signature } } });
      this.open = 'none';
      return;
    }
    this.readThought('', signature, out);
  }

  private readCall(call: Record<string, unknown>, signature: string | undefined, out: CanonicalPart[]): void {
    this.closeBlock(out);
    const id = typeof call.id === 'string' && call.id ? call.id : this.context.newId('call_');
    const toolName = typeof call.name === 'string' ? call.name : '';
    out.push({ type: 'tool-input-start', id, toolName });
    out.push({ type: 'tool-input-delta', id, delta: JSON.stringify(isRecord(call.args) ? call.args : {}) });
    out.push(
      signature === undefined
        ? { type: 'tool-input-end', id }
        : { type: 'tool-input-end', id, providerMetadata: { gemini: { thoughtSignature: signature } } },
    );
    this.sawToolCall = true;
  }

  private nextBlockId(): string {
    return String(this.blockCount++);
  }

  private openBlock(kind: 'text' | 'reasoning', out: CanonicalPart[]): void {
    this.closeBlock(out);
    this.open = kind;
    this.blockId = this.nextBlockId();
    out.push(kind === 'text' ? { type: 'text-start', id: this.blockId } : { type: 'reasoning-start', id: this.blockId });
  }

  private closeBlock(out: CanonicalPart[]): void {
    if (this.open === 'text') out.push({ type: 'text-end', id: this.blockId });
    else if (this.open === 'reasoning') out.push({ type: 'reasoning-end', id: this.blockId });
    this.open = 'none';
  }
}

export function createGeminiStreamDecoder(context: TranslationContext, options?: GeminiStreamDecoderOptions): GeminiStreamDecoder {
  return new GeminiStreamDecoder(context, options);
}
