/**
 * Canonical parts -> GenerateContentResponse frames for a Gemini client (@google/genai and the like).
 * Text and thoughts go out one frame per delta; a function call goes out whole when its input ends,
 * as Gemini itself sends calls; the last frame carries finishReason and usageMetadata. An error part
 * becomes a `{"error":{...}}` frame, which @google/genai raises as an ApiError, and nothing follows it.
 */
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import { emptyUsage, mergeUsage, type CanonicalUsage } from '../../canonical/canonical-usage.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamEncoder, StreamFrame } from '../wire-format.js';
import { renderGeminiError } from './gemini-errors.js';
import { finishReasonToGemini, usageToGemini } from './gemini-finish-usage.js';
import { geminiString } from './gemini-json-values.js';
import { functionCallPart, onePartEnvelopeText, redactedThoughtPart, responseEnvelope, thoughtPart } from './gemini-output-parts.js';

interface PendingCall {
  name: string;
  arguments: string;
  kind: 'function' | 'custom' | undefined;
}

const none: StreamFrame[] = [];

export class GeminiStreamEncoder implements StreamEncoder {
  private responseId: string | undefined;
  /** Built on the first frame, once the response id is fixed (the client model never changes). */
  private envelopeText: { prefix: string; suffix: string } | undefined;
  private readonly calls = new Map<string, PendingCall>();
  private usage: CanonicalUsage | undefined;
  private done = false;

  constructor(private readonly context: TranslationContext) {}

  push(part: CanonicalPart): StreamFrame[] {
    if (this.done) return none;
    switch (part.type) {
      case 'response-start':
        this.responseId ??= part.id;
        return none;
      case 'text-start':
        return none;
      case 'text-delta':
        return part.delta ? this.frame({ text: part.delta }) : none;
      case 'text-end': {
        const signature = geminiString(part.providerMetadata, 'thoughtSignature');
        return signature === undefined ? none : this.frame({ text: '', thoughtSignature: signature });
      }
      case 'reasoning-start':
        return part.redactedData === undefined ? none : this.frame(redactedThoughtPart(part.redactedData));
      case 'reasoning-delta':
        return part.delta ? this.frame({ text: part.delta, thought: true }) : none;
      case 'reasoning-end':
        return part.signature === undefined ? none : this.frame(thoughtPart('', part.signature, part.signatureFormat));
      case 'tool-input-start':
        this.calls.set(part.id, { name: part.toolName, arguments: '', kind: part.kind });
        return none;
      case 'tool-input-delta': {
        const call = this.calls.get(part.id);
        if (call) call.arguments += part.delta;
        return none;
      }
      case 'tool-input-end': {
        const call = this.calls.get(part.id);
        if (!call) return none;
        this.calls.delete(part.id);
        return this.frame(functionCallPart(part.id, call.name, call.arguments, call.kind, part.providerMetadata));
      }
      case 'usage':
        this.usage = mergeUsage(this.usage, part.usage);
        return none;
      case 'finish': {
        this.done = true;
        const usage = part.usage ? mergeUsage(this.usage, part.usage) : (this.usage ?? emptyUsage());
        const body = responseEnvelope([], this.id(), this.context.clientModel, {
          finishReason: finishReasonToGemini(part.finishReason, part.rawFinishReason),
          usageMetadata: usageToGemini(usage),
        });
        return [{ data: JSON.stringify(body) }];
      }
      case 'error':
        this.done = true;
        return [{ data: JSON.stringify(renderGeminiError(part.error)) }];
    }
  }

  private id(): string {
    return (this.responseId ??= this.context.newId('resp_'));
  }

  private frame(part: JsonObject): StreamFrame[] {
    this.envelopeText ??= onePartEnvelopeText(this.id(), this.context.clientModel);
    return [{ data: this.envelopeText.prefix + JSON.stringify(part) + this.envelopeText.suffix }];
  }
}

export function createGeminiStreamEncoder(_request: CanonicalRequest, context: TranslationContext): GeminiStreamEncoder {
  return new GeminiStreamEncoder(context);
}
