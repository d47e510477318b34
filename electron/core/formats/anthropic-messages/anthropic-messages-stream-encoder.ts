/**
 * Canonical parts -> Messages SSE for Anthropic clients (Claude Code, @anthropic-ai/sdk).
 * - message_start is sent lazily, before the first block (or at finish), so input usage known by then
 *   is in it; message_delta repeats the full usage at the end.
 * - Blocks are sequential like the real API: starting a block stops the open one. A late delta for a
 *   stopped text/thinking block opens a new block; a late tool-input delta goes to its old index.
 * - Thinking signatures minted by another upstream are sent as `sy:<format>:<signature>` (see
 *   anthropic-messages-signature.ts) so the next turn can replay them to their own upstream; a thinking
 *   block that closes unsigned gets `sy:none:`, so no client ever holds a thinking block without a signature.
 * - After an error part only `event: error` is sent: no message_stop, and later parts are ignored.
 */
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import { emptyUsage, mergeUsage, type CanonicalUsage } from '../../canonical/canonical-usage.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamEncoder, StreamFrame } from '../wire-format.js';
import { renderAnthropicMessagesError } from './anthropic-messages-errors.js';
import { anthropicUsageOf, toAnthropicStopReason } from './anthropic-messages-finish-and-usage.js';
import { customToolInput } from './anthropic-messages-json.js';
import { encodeSignature } from './anthropic-messages-signature.js';

type EncodedKind = 'text' | 'thinking' | 'redacted' | 'tool';

interface EncodedBlock {
  kind: EncodedKind;
  id: string;
  index: number;
  open: boolean;
  /** Raw text of a freeform (custom) tool call, sent wrapped as `{"input": ...}` at its end. */
  customInput: string | undefined;
  /** A thinking block got its signature_delta. */
  signed: boolean;
}

function frame(event: string, payload: JsonObject): StreamFrame {
  return { event, data: JSON.stringify(payload) };
}

export class AnthropicMessagesStreamEncoder implements StreamEncoder {
  private started = false;
  private done = false;
  private messageId: string | undefined;
  private usage: CanonicalUsage = emptyUsage();
  private nextIndex = 0;
  private current: EncodedBlock | undefined;
  private sawToolUse = false;
  private readonly textBlocks = new Map<string, EncodedBlock>();
  private readonly reasoningBlocks = new Map<string, EncodedBlock>();
  private readonly toolBlocks = new Map<string, EncodedBlock>();

  constructor(private readonly context: TranslationContext) {}

  push(part: CanonicalPart): StreamFrame[] {
    if (this.done) return [];
    const frames: StreamFrame[] = [];
    switch (part.type) {
      case 'response-start':
        if (this.messageId === undefined && part.id.startsWith('msg_')) this.messageId = part.id;
        break;
      case 'usage':
        this.usage = mergeUsage(this.usage, part.usage);
        break;
      case 'text-start':
        this.open(frames, this.textBlocks, 'text', part.id, { type: 'text', text: '' });
        break;
      case 'text-delta': {
        if (!part.delta) break;
        const block = this.writable(frames, this.textBlocks, 'text', part.id);
        frames.push(this.stringDelta(block.index, 'text_delta', 'text', part.delta));
        break;
      }
      case 'text-end':
        this.close(frames, this.textBlocks.get(part.id));
        break;
      case 'reasoning-start':
        if (part.redactedData !== undefined) {
          this.open(frames, this.reasoningBlocks, 'redacted', part.id, { type: 'redacted_thinking', data: part.redactedData });
        } else this.open(frames, this.reasoningBlocks, 'thinking', part.id, { type: 'thinking', thinking: '' });
        break;
      case 'reasoning-delta': {
        if (!part.delta) break;
        const block = this.writable(frames, this.reasoningBlocks, 'thinking', part.id);
        if (block.kind === 'thinking') frames.push(this.stringDelta(block.index, 'thinking_delta', 'thinking', part.delta));
        break;
      }
      case 'reasoning-end': {
        let block = this.reasoningBlocks.get(part.id);
        if (part.signature) {
          block ??= this.open(frames, this.reasoningBlocks, 'thinking', part.id, { type: 'thinking', thinking: '' });
          if (block.kind === 'thinking' && !block.signed) {
            block.signed = true;
            const signature = encodeSignature(part.signature, part.signatureFormat);
            frames.push(this.delta(block.index, { type: 'signature_delta', signature }));
          }
        }
        this.close(frames, block);
        break;
      }
      case 'tool-input-start': {
        const block = this.open(frames, this.toolBlocks, 'tool', part.id, { type: 'tool_use', id: part.id, name: part.toolName, input: {} });
        if (part.kind === 'custom') block.customInput = '';
        this.sawToolUse = true;
        break;
      }
      case 'tool-input-delta': {
        const block = this.toolBlocks.get(part.id);
        if (!block || !part.delta) break;
        if (block.customInput !== undefined) block.customInput += part.delta;
        else frames.push(this.stringDelta(block.index, 'input_json_delta', 'partial_json', part.delta));
        break;
      }
      case 'tool-input-end': {
        const block = this.toolBlocks.get(part.id);
        if (block?.customInput !== undefined) {
          frames.push(this.delta(block.index, { type: 'input_json_delta', partial_json: JSON.stringify(customToolInput(block.customInput)) }));
          block.customInput = undefined;
        }
        this.close(frames, block);
        break;
      }
      case 'finish':
        this.finish(frames, part);
        break;
      case 'error':
        this.done = true;
        frames.push(frame('error', renderAnthropicMessagesError(part.error)));
        break;
    }
    return frames;
  }

  private start(frames: StreamFrame[]): void {
    if (this.started) return;
    this.started = true;
    const usage = anthropicUsageOf(this.usage);
    frames.push(
      frame('message_start', {
        type: 'message_start',
        message: {
          id: this.messageId ?? this.context.newId('msg_'),
          type: 'message',
          role: 'assistant',
          model: this.context.clientModel,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage,
        },
      }),
    );
  }

  private open(
    frames: StreamFrame[],
    registry: Map<string, EncodedBlock>,
    kind: EncodedKind,
    id: string,
    contentBlock: JsonObject,
  ): EncodedBlock {
    this.start(frames);
    this.close(frames, this.current);
    const block: EncodedBlock = { kind, id, index: this.nextIndex++, open: true, customInput: undefined, signed: false };
    registry.set(id, block);
    this.current = block;
    frames.push(frame('content_block_start', { type: 'content_block_start', index: block.index, content_block: contentBlock }));
    return block;
  }

  /** The open block for a text/thinking delta, (re)opening one when the block is missing or stopped. */
  private writable(frames: StreamFrame[], registry: Map<string, EncodedBlock>, kind: 'text' | 'thinking', id: string): EncodedBlock {
    const current = this.current;
    if (current !== undefined && current.id === id && current.open && registry.get(id) === current) return current;
    const known = registry.get(id);
    if (known?.open) return known;
    return this.open(frames, registry, kind, id, kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '' });
  }

  private close(frames: StreamFrame[], block: EncodedBlock | undefined): void {
    if (!block?.open) return;
    block.open = false;
    if (block.kind === 'thinking' && !block.signed) {
      block.signed = true;
      frames.push(this.delta(block.index, { type: 'signature_delta', signature: encodeSignature(undefined, undefined) }));
    }
    if (this.current === block) this.current = undefined;
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index: block.index }));
  }

  private delta(index: number, delta: JsonObject): StreamFrame {
    return frame('content_block_delta', { type: 'content_block_delta', index, delta });
  }

  /** The frame of almost every event: the same bytes as `delta()`, but only the string goes through JSON.stringify. */
  private stringDelta(index: number, type: string, field: string, value: string): StreamFrame {
    return { event: 'content_block_delta', data: `{"type":"content_block_delta","index":${index},"delta":{"type":"${type}","${field}":${JSON.stringify(value)}}}` };
  }

  private finish(frames: StreamFrame[], part: Extract<CanonicalPart, { type: 'finish' }>): void {
    this.done = true;
    if (part.usage) this.usage = mergeUsage(this.usage, part.usage);
    this.start(frames);
    this.close(frames, this.current);
    const stopReason = toAnthropicStopReason(part.finishReason, this.sawToolUse, part.stopSequence, part.rawFinishReason);
    frames.push(
      frame('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (part.stopSequence ?? null) : null },
        usage: anthropicUsageOf(this.usage),
      }),
      frame('message_stop', { type: 'message_stop' }),
    );
  }
}
