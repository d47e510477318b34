/**
 * Upstream Messages SSE -> canonical parts. One JSON.parse per frame and small type guards; the event
 * kind is read from the JSON `type` (the SSE `event:` name repeats it). Text and thinking parts are
 * keyed by the block index; tool parts by the tool_use id. Server-tool blocks (server_tool_use,
 * web_search_tool_result...) have no canonical part and are skipped. A tool_use block that streamed no
 * input gets the delta `{}` so every consumer sees valid JSON arguments.
 */
import type { ErrorShape } from '../../../../shared/errors.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { JsonValue } from '../../canonical/canonical-request.js';
import { isRecord } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamDecoder, StreamFrame } from '../wire-format.js';
import { statusOfErrorType } from './anthropic-messages-errors.js';
import {
  canonicalUsageOf,
  emptyAnthropicUsage,
  fromAnthropicStopReason,
  readAnthropicUsage,
} from './anthropic-messages-finish-and-usage.js';
import { formatId } from './anthropic-messages-json.js';
import { decodeSignature } from './anthropic-messages-signature.js';
import { DeltaTemplate } from '../stream-delta-template.js';

type BlockKind = 'text' | 'reasoning' | 'tool' | 'skipped';

interface DecodedBlock {
  kind: BlockKind;
  /** The canonical part id: the index for text/thinking, the tool_use id for tools. */
  id: string;
  signature: string;
  sawInput: boolean;
  /** Input given whole in content_block_start (a replayed, non-streamed block). */
  startInput: string | undefined;
  citations: JsonValue[] | undefined;
}

/** The string field of each one-string content_block_delta. */
const deltaFields: Record<string, string> = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'partial_json' };

interface StringDelta {
  index: number;
  type: string;
  field: string;
}

/** A content_block_delta that is nothing but one string: the envelope a DeltaTemplate may learn. */
function stringDeltaOf(event: unknown): StringDelta | undefined {
  if (!isRecord(event) || event.type !== 'content_block_delta' || typeof event.index !== 'number' || !isRecord(event.delta)) return undefined;
  const type = event.delta.type;
  const field = typeof type === 'string' ? deltaFields[type] : undefined;
  if (!field || Object.keys(event).length !== 3 || Object.keys(event.delta).length !== 2 || typeof event.delta[field] !== 'string') return undefined;
  return { index: event.index, type: type as string, field };
}

function newBlock(kind: BlockKind, id: string): DecodedBlock {
  return { kind, id, signature: '', sawInput: false, startInput: undefined, citations: undefined };
}

export class AnthropicMessagesStreamDecoder implements StreamDecoder {
  private readonly blocks: Array<DecodedBlock | undefined> = [];
  private readonly usage = emptyAnthropicUsage();
  private stopReason: string | undefined;
  private stopSequence: string | undefined;
  private sawToolUse = false;
  private done = false;
  /** Delta events in an envelope seen before skip the JSON.parse (see stream-delta-template.ts). */
  private readonly deltaTemplate = new DeltaTemplate<StringDelta>();

  constructor(private readonly context: TranslationContext) {}

  push(frame: StreamFrame): CanonicalPart[] {
    if (this.done || frame.data === '[DONE]') return [];
    const known = this.deltaTemplate.match(frame.data);
    const tag = this.deltaTemplate.tag;
    if (known !== undefined && tag) return this.onBlockDelta(tag.index, { type: tag.type, [tag.field]: known });
    let event: unknown;
    try {
      event = JSON.parse(frame.data);
    } catch {
      return this.fail({
        code: 'translation_failed',
        status: 502,
        retryable: false,
        message: 'The upstream sent a stream event that is not valid JSON.',
      });
    }
    const stringDelta = this.deltaTemplate.learning ? stringDeltaOf(event) : undefined;
    if (stringDelta) this.deltaTemplate.learn(frame.data, stringDelta.field, stringDelta);
    return this.pushEvent(event);
  }

  /** One already-parsed event; also used to replay a whole response through the same mapping. */
  pushEvent(event: unknown): CanonicalPart[] {
    if (this.done || !isRecord(event)) return [];
    switch (event.type) {
      case 'message_start':
        return this.onMessageStart(event.message);
      case 'content_block_start':
        return this.onBlockStart(event.index, event.content_block);
      case 'content_block_delta':
        return this.onBlockDelta(event.index, event.delta);
      case 'content_block_stop':
        return typeof event.index === 'number' ? this.onBlockStop(event.index) : [];
      case 'message_delta':
        return this.onMessageDelta(event.delta, event.usage);
      case 'message_stop':
        return this.onMessageStop();
      case 'error':
        return this.onError(event.error);
      default:
        return []; // ping, and events added after this was written
    }
  }

  end(): CanonicalPart[] {
    if (this.done) return [];
    return this.fail({
      code: 'stream_interrupted',
      status: 502,
      retryable: true,
      message: 'The upstream stream ended early, before message_stop.',
    });
  }

  private fail(error: ErrorShape): CanonicalPart[] {
    this.done = true;
    return [{ type: 'error', error }];
  }

  private onMessageStart(message: unknown): CanonicalPart[] {
    if (!isRecord(message)) return [];
    if (isRecord(message.usage)) readAnthropicUsage(this.usage, message.usage);
    return [
      {
        type: 'response-start',
        id: typeof message.id === 'string' ? message.id : '',
        model: typeof message.model === 'string' ? message.model : '',
        created: this.context.nowSeconds(),
      },
      { type: 'usage', usage: canonicalUsageOf(this.usage) },
    ];
  }

  private onBlockStart(index: unknown, block: unknown): CanonicalPart[] {
    if (typeof index !== 'number' || !isRecord(block)) return [];
    switch (block.type) {
      case 'text': {
        const state = (this.blocks[index] = newBlock('text', String(index)));
        if (Array.isArray(block.citations) && block.citations.length > 0) state.citations = block.citations as JsonValue[];
        const parts: CanonicalPart[] = [{ type: 'text-start', id: state.id }];
        if (typeof block.text === 'string' && block.text) parts.push({ type: 'text-delta', id: state.id, delta: block.text });
        return parts;
      }
      case 'thinking': {
        const state = (this.blocks[index] = newBlock('reasoning', String(index)));
        if (typeof block.signature === 'string') state.signature = block.signature;
        const parts: CanonicalPart[] = [{ type: 'reasoning-start', id: state.id }];
        if (typeof block.thinking === 'string' && block.thinking) parts.push({ type: 'reasoning-delta', id: state.id, delta: block.thinking });
        return parts;
      }
      case 'redacted_thinking': {
        const state = (this.blocks[index] = newBlock('reasoning', String(index)));
        return [{ type: 'reasoning-start', id: state.id, redactedData: typeof block.data === 'string' ? block.data : '' }];
      }
      case 'tool_use': {
        const id = typeof block.id === 'string' && block.id ? block.id : this.context.newId('toolu_');
        const state = (this.blocks[index] = newBlock('tool', id));
        if (isRecord(block.input) && Object.keys(block.input).length > 0) state.startInput = JSON.stringify(block.input);
        this.sawToolUse = true;
        return [{ type: 'tool-input-start', id, toolName: typeof block.name === 'string' ? block.name : '' }];
      }
      default:
        this.blocks[index] = newBlock('skipped', String(index));
        return [];
    }
  }

  private onBlockDelta(index: unknown, delta: unknown): CanonicalPart[] {
    const state = typeof index === 'number' ? this.blocks[index] : undefined;
    if (!state || !isRecord(delta)) return [];
    switch (delta.type) {
      case 'text_delta':
        return state.kind === 'text' && typeof delta.text === 'string' && delta.text
          ? [{ type: 'text-delta', id: state.id, delta: delta.text }]
          : [];
      case 'thinking_delta':
        return state.kind === 'reasoning' && typeof delta.thinking === 'string' && delta.thinking
          ? [{ type: 'reasoning-delta', id: state.id, delta: delta.thinking }]
          : [];
      case 'signature_delta':
        if (state.kind === 'reasoning' && typeof delta.signature === 'string') state.signature += delta.signature;
        return [];
      case 'input_json_delta':
        if (state.kind !== 'tool' || typeof delta.partial_json !== 'string' || !delta.partial_json) return [];
        state.sawInput = true;
        return [{ type: 'tool-input-delta', id: state.id, delta: delta.partial_json }];
      case 'citations_delta':
        if (state.kind === 'text' && delta.citation !== undefined) (state.citations ??= []).push(delta.citation as JsonValue);
        return [];
      default:
        return [];
    }
  }

  private onBlockStop(index: number): CanonicalPart[] {
    const state = this.blocks[index];
    if (!state) return [];
    this.blocks[index] = undefined;
    const parts: CanonicalPart[] = [];
    this.closeBlock(state, parts);
    return parts;
  }

  private closeBlock(state: DecodedBlock, parts: CanonicalPart[]): void {
    switch (state.kind) {
      case 'text':
        parts.push(
          state.citations
            ? { type: 'text-end', id: state.id, providerMetadata: { [formatId]: { citations: state.citations } } }
            : { type: 'text-end', id: state.id },
        );
        return;
      case 'reasoning': {
        // Claude's own signatures pass as they are; a `sy:` one (an Anthropic-format relay of ours) is unwrapped.
        const proof = state.signature ? decodeSignature(state.signature) : {};
        parts.push(
          proof.signature !== undefined
            ? { type: 'reasoning-end', id: state.id, signature: proof.signature, signatureFormat: proof.signatureFormat ?? formatId }
            : { type: 'reasoning-end', id: state.id },
        );
        return;
      }
      case 'tool':
        if (!state.sawInput) parts.push({ type: 'tool-input-delta', id: state.id, delta: state.startInput ?? '{}' });
        parts.push({ type: 'tool-input-end', id: state.id });
        return;
      case 'skipped':
        return;
    }
  }

  private onMessageDelta(delta: unknown, usage: unknown): CanonicalPart[] {
    if (isRecord(delta)) {
      if (typeof delta.stop_reason === 'string') this.stopReason = delta.stop_reason;
      if (typeof delta.stop_sequence === 'string') this.stopSequence = delta.stop_sequence;
    }
    if (!isRecord(usage)) return [];
    readAnthropicUsage(this.usage, usage);
    return [{ type: 'usage', usage: canonicalUsageOf(this.usage) }];
  }

  private onMessageStop(): CanonicalPart[] {
    this.done = true;
    const parts: CanonicalPart[] = [];
    for (let index = 0; index < this.blocks.length; index++) {
      const state = this.blocks[index];
      if (state) this.closeBlock(state, parts);
    }
    const finish: CanonicalPart = {
      type: 'finish',
      finishReason: fromAnthropicStopReason(this.stopReason, this.sawToolUse),
      usage: canonicalUsageOf(this.usage),
    };
    if (this.stopReason !== undefined) finish.rawFinishReason = this.stopReason;
    if (this.stopSequence !== undefined) finish.stopSequence = this.stopSequence;
    parts.push(finish);
    return parts;
  }

  private onError(error: unknown): CanonicalPart[] {
    const type = isRecord(error) && typeof error.type === 'string' ? error.type : undefined;
    const message = isRecord(error) && typeof error.message === 'string' ? error.message : 'The upstream reported an error mid-stream.';
    const status = statusOfErrorType(type);
    const shape: ErrorShape = {
      code: status === 429 ? 'rate_limited' : 'upstream_error',
      message,
      status,
      retryable: status >= 500 || status === 429,
    };
    if (type !== undefined) shape.upstreamType = type;
    return this.fail(shape);
  }
}
