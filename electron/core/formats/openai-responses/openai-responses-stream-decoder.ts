/**
 * Upstream Responses SSE (OpenAI or the ChatGPT Codex backend) -> canonical parts. One JSON.parse per
 * frame, small guards instead of zod. Items are tracked by `output_index`; a text, reasoning or tool
 * input that never streamed as deltas is emitted whole from its `.done` event or its finished item, so
 * the smallest stream Codex accepts (created, output_item.done, completed) decodes too. The same
 * decoder turns a non-streamed Responses body into parts (see openai-responses-response.ts).
 */
import type { ErrorShape } from '../../../../shared/errors.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import { isRecord } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamDecoder, StreamFrame } from '../wire-format.js';
import { decodeEncryptedContent } from './openai-responses-reasoning-signature.js';
import { restoreToolNames } from './openai-responses-tool-names.js';

type UnknownRecord = Record<string, unknown>;
type ItemKind = 'message' | 'reasoning' | 'function_call' | 'custom_tool_call' | 'other';

/** Text part states inside a message item. */
const textNone = 0;
const textOpen = 1;
const textStreamed = 2;
const textEnded = 3;

interface ItemState {
  kind: ItemKind;
  itemId: string;
  /** The canonical part id: the call id for tool calls, the item id otherwise. */
  partId: string;
  streamed: boolean;
  ended: boolean;
  /** Last reasoning summary/content index seen, to separate summary parts with a blank line. */
  segment: number;
  phase: string | undefined;
  /** Per content index of a message: textNone | textOpen | textStreamed | textEnded. */
  texts: number[];
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function itemKind(type: unknown): ItemKind {
  return type === 'message' || type === 'reasoning' || type === 'function_call' || type === 'custom_tool_call' ? type : 'other';
}

function contentText(part: unknown): string | undefined {
  if (!isRecord(part)) return undefined;
  return asString(part.text) ?? asString(part.refusal);
}

function joinedTexts(list: unknown): string {
  if (!Array.isArray(list)) return '';
  let text = '';
  for (const entry of list) {
    const piece = contentText(entry);
    if (piece === undefined) continue;
    text = text ? `${text}\n\n${piece}` : piece;
  }
  return text;
}

export function parseResponsesUsage(usage: unknown): CanonicalUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const result: CanonicalUsage = { inputTokens: asNumber(usage.input_tokens) ?? 0, outputTokens: asNumber(usage.output_tokens) ?? 0 };
  const cached = isRecord(usage.input_tokens_details) ? asNumber(usage.input_tokens_details.cached_tokens) : undefined;
  if (cached !== undefined) result.cachedInputTokens = cached;
  const reasoning = isRecord(usage.output_tokens_details) ? asNumber(usage.output_tokens_details.reasoning_tokens) : undefined;
  if (reasoning !== undefined) result.reasoningTokens = reasoning;
  return result;
}

/** An upstream error code (`rate_limit_exceeded`, `usage_limit_reached`, ...) -> our error shape. */
export function responsesErrorShape(code: string | undefined, message: string): ErrorShape {
  let shape: ErrorShape;
  switch (code) {
    case 'rate_limit_exceeded':
    case 'rate_limit_error':
    case 'usage_limit_reached':
      shape = { code: 'rate_limited', message, status: 429, retryable: true };
      break;
    case 'insufficient_quota':
    case 'usage_not_included':
      shape = { code: 'quota_exceeded', message, status: 429, retryable: false };
      break;
    case 'stream_interrupted':
      shape = { code: 'stream_interrupted', message, status: 408, retryable: true };
      break;
    case 'context_length_exceeded':
    case 'invalid_prompt':
    case 'invalid_request_error':
      shape = { code: 'upstream_error', message, status: 400, retryable: false };
      break;
    default:
      shape = { code: 'upstream_error', message, status: 502, retryable: true };
  }
  if (code !== undefined) shape.upstreamType = code;
  return shape;
}

export class OpenAiResponsesStreamDecoder implements StreamDecoder {
  private readonly items = new Map<number, ItemState>();
  private readonly restoredNames: Map<string, string> | undefined;
  private sawItem = false;
  private sawToolCall = false;
  private done = false;

  constructor(context: TranslationContext) {
    this.restoredNames = restoreToolNames(context.originalToolNames);
  }

  push(frame: StreamFrame): CanonicalPart[] {
    const parts: CanonicalPart[] = [];
    if (this.done || frame.data === '[DONE]') return parts;
    let event: unknown;
    try {
      event = JSON.parse(frame.data);
    } catch {
      return parts;
    }
    if (isRecord(event)) this.handle(event, asString(event.type) ?? frame.event, parts);
    return parts;
  }

  end(): CanonicalPart[] {
    if (this.done) return [];
    this.done = true;
    return [{ type: 'error', error: responsesErrorShape('stream_interrupted', 'stream disconnected before completion') }];
  }

  /** Apply one parsed event; public so the non-stream parser reuses the same mapping. */
  handle(event: UnknownRecord, type: string | undefined, parts: CanonicalPart[]): void {
    if (this.done) return;
    switch (type) {
      case 'response.created': {
        const response = isRecord(event.response) ? event.response : {};
        parts.push({
          type: 'response-start',
          id: asString(response.id) ?? '',
          model: asString(response.model) ?? '',
          created: asNumber(response.created_at) ?? 0,
        });
        return;
      }
      case 'response.output_item.added':
        if (isRecord(event.item)) this.openItem(event.item, asNumber(event.output_index) ?? this.items.size, parts);
        return;
      case 'response.content_part.added': {
        const state = this.messageAt(event);
        const index = asNumber(event.content_index) ?? 0;
        if (state && (state.texts[index] ?? textNone) === textNone) this.startText(state, index, parts);
        return;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.textDelta(this.messageAt(event), asNumber(event.content_index) ?? 0, asString(event.delta), parts);
        return;
      case 'response.output_text.done':
      case 'response.refusal.done':
        this.textWhole(this.messageAt(event), asNumber(event.content_index) ?? 0, asString(event.text) ?? asString(event.refusal), parts);
        return;
      case 'response.content_part.done': {
        const state = this.messageAt(event);
        const index = asNumber(event.content_index) ?? 0;
        this.textWhole(state, index, contentText(event.part), parts);
        if (state) this.endText(state, index, parts);
        return;
      }
      case 'response.reasoning_summary_text.delta':
        this.reasoningDelta(event, asNumber(event.summary_index) ?? 0, parts);
        return;
      case 'response.reasoning_text.delta':
        this.reasoningDelta(event, 10_000 + (asNumber(event.content_index) ?? 0), parts);
        return;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const state = this.itemAt(event);
        const delta = asString(event.delta);
        if (state && !state.ended && delta) {
          state.streamed = true;
          parts.push({ type: 'tool-input-delta', id: state.partId, delta });
        }
        return;
      }
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        const state = this.itemAt(event);
        const whole = asString(event.arguments) ?? asString(event.input);
        if (state && !state.ended && !state.streamed && whole) {
          state.streamed = true;
          parts.push({ type: 'tool-input-delta', id: state.partId, delta: whole });
        }
        return;
      }
      case 'response.output_item.done': {
        if (!isRecord(event.item)) return;
        const index = asNumber(event.output_index) ?? this.items.size;
        const state = this.items.get(index) ?? this.openItem(event.item, index, parts);
        this.finishItem(state, event.item, parts);
        return;
      }
      case 'response.completed':
      case 'response.incomplete':
        this.terminal(isRecord(event.response) ? event.response : {}, type === 'response.incomplete', parts);
        return;
      case 'response.failed': {
        const response = isRecord(event.response) ? event.response : {};
        const error = isRecord(response.error) ? response.error : {};
        this.fail(asString(error.code) ?? asString(error.type), asString(error.message) ?? 'The upstream response failed.', parts);
        return;
      }
      case 'error': {
        const inner = isRecord(event.error) ? event.error : event;
        this.fail(asString(inner.code) ?? asString(inner.type), asString(inner.message) ?? 'The upstream stream reported an error.', parts);
        return;
      }
      default:
        // codex.rate_limits, response.in_progress, keepalive and newer events carry nothing we map.
        return;
    }
  }

  private openItem(item: UnknownRecord, index: number, parts: CanonicalPart[]): ItemState {
    const kind = itemKind(item.type);
    const itemId = asString(item.id) ?? `item_${index}`;
    const state: ItemState = { kind, itemId, partId: itemId, streamed: false, ended: false, segment: -1, phase: asString(item.phase), texts: [] };
    this.items.set(index, state);
    this.sawItem = true;
    if (kind === 'reasoning') {
      const encrypted = asString(item.encrypted_content);
      const redactedData = encrypted === undefined ? undefined : decodeEncryptedContent(encrypted).redactedData;
      parts.push(redactedData === undefined ? { type: 'reasoning-start', id: itemId } : { type: 'reasoning-start', id: itemId, redactedData });
    } else if (kind === 'function_call' || kind === 'custom_tool_call') {
      state.partId = asString(item.call_id) ?? itemId;
      const name = asString(item.name) ?? '';
      const toolName = this.restoredNames?.get(name) ?? name;
      this.sawToolCall = true;
      parts.push(
        kind === 'custom_tool_call'
          ? { type: 'tool-input-start', id: state.partId, toolName, kind: 'custom' }
          : { type: 'tool-input-start', id: state.partId, toolName },
      );
    }
    return state;
  }

  private finishItem(state: ItemState, item: UnknownRecord, parts: CanonicalPart[]): void {
    if (state.ended) return;
    const metadata: JsonObject = { itemId: state.itemId };
    switch (state.kind) {
      case 'message': {
        const content = Array.isArray(item.content) ? item.content : [];
        for (let index = 0; index < content.length; index++) {
          const text = contentText(content[index]);
          if (text === undefined) continue;
          this.textWhole(state, index, text, parts);
          this.endText(state, index, parts);
        }
        for (let index = 0; index < state.texts.length; index++) this.endText(state, index, parts);
        break;
      }
      case 'reasoning': {
        if (!state.streamed) {
          const text = joinedTexts(item.summary) || joinedTexts(item.content);
          if (text) parts.push({ type: 'reasoning-delta', id: state.partId, delta: text });
        }
        const end: CanonicalPart = { type: 'reasoning-end', id: state.partId, providerMetadata: { 'openai-responses': metadata } };
        const encrypted = asString(item.encrypted_content);
        if (encrypted !== undefined) {
          const proof = decodeEncryptedContent(encrypted);
          if (proof.signature !== undefined) end.signature = proof.signature;
          if (proof.signatureFormat !== undefined) end.signatureFormat = proof.signatureFormat;
        }
        parts.push(end);
        break;
      }
      case 'function_call':
      case 'custom_tool_call': {
        const whole = state.kind === 'function_call' ? asString(item.arguments) : asString(item.input);
        if (!state.streamed && whole) parts.push({ type: 'tool-input-delta', id: state.partId, delta: whole });
        parts.push({ type: 'tool-input-end', id: state.partId, providerMetadata: { 'openai-responses': metadata } });
        break;
      }
      case 'other':
        break;
    }
    state.ended = true;
  }

  private startText(state: ItemState, index: number, parts: CanonicalPart[]): void {
    state.texts[index] = textOpen;
    parts.push({ type: 'text-start', id: index === 0 ? state.itemId : `${state.itemId}:${index}` });
  }

  private textDelta(state: ItemState | undefined, index: number, delta: string | undefined, parts: CanonicalPart[]): void {
    if (!state || !delta) return;
    const status = state.texts[index] ?? textNone;
    if (status === textEnded) return;
    if (status === textNone) this.startText(state, index, parts);
    state.texts[index] = textStreamed;
    parts.push({ type: 'text-delta', id: index === 0 ? state.itemId : `${state.itemId}:${index}`, delta });
  }

  /** A whole text from a `.done` event: emitted only when nothing streamed for that part. */
  private textWhole(state: ItemState | undefined, index: number, text: string | undefined, parts: CanonicalPart[]): void {
    if (!state || text === undefined) return;
    const status = state.texts[index] ?? textNone;
    if (status === textStreamed || status === textEnded) return;
    if (status === textNone) this.startText(state, index, parts);
    if (text) this.textDelta(state, index, text, parts);
  }

  private endText(state: ItemState, index: number, parts: CanonicalPart[]): void {
    const status = state.texts[index] ?? textNone;
    if (status !== textOpen && status !== textStreamed) return;
    state.texts[index] = textEnded;
    const metadata: JsonObject = { itemId: state.itemId };
    if (state.phase !== undefined) metadata.phase = state.phase;
    parts.push({ type: 'text-end', id: index === 0 ? state.itemId : `${state.itemId}:${index}`, providerMetadata: { 'openai-responses': metadata } });
  }

  private reasoningDelta(event: UnknownRecord, segment: number, parts: CanonicalPart[]): void {
    const state = this.itemAt(event);
    const delta = asString(event.delta);
    if (!state || state.kind !== 'reasoning' || state.ended || !delta) return;
    if (state.streamed && segment !== state.segment) parts.push({ type: 'reasoning-delta', id: state.partId, delta: '\n\n' });
    state.segment = segment;
    state.streamed = true;
    parts.push({ type: 'reasoning-delta', id: state.partId, delta });
  }

  private terminal(response: UnknownRecord, incomplete: boolean, parts: CanonicalPart[]): void {
    // A body or stream that never announced its items: replay the final output.
    if (!this.sawItem && Array.isArray(response.output)) {
      response.output.forEach((item, index) => {
        if (isRecord(item)) this.finishItem(this.openItem(item, index, parts), item, parts);
      });
    }
    for (const state of this.items.values()) if (!state.ended) this.finishItem(state, {}, parts);
    const finish: CanonicalPart = { type: 'finish', finishReason: this.sawToolCall ? 'tool-calls' : 'stop' };
    if (incomplete) {
      const reason = isRecord(response.incomplete_details) ? asString(response.incomplete_details.reason) : undefined;
      finish.finishReason = reason === 'content_filter' ? 'content-filter' : reason === 'max_output_tokens' || reason === undefined ? 'length' : 'other';
      if (reason !== undefined) finish.rawFinishReason = reason;
    }
    const usage = parseResponsesUsage(response.usage);
    if (usage) finish.usage = usage;
    parts.push(finish);
    this.done = true;
  }

  private fail(code: string | undefined, message: string, parts: CanonicalPart[]): void {
    parts.push({ type: 'error', error: responsesErrorShape(code, message) });
    this.done = true;
  }

  private itemAt(event: UnknownRecord): ItemState | undefined {
    const index = asNumber(event.output_index);
    if (index !== undefined) return this.items.get(index);
    const itemId = asString(event.item_id);
    if (itemId === undefined) return undefined;
    for (const state of this.items.values()) if (state.itemId === itemId) return state;
    return undefined;
  }

  /** The message item an event points at, opened on the fly when the upstream skipped output_item.added. */
  private messageAt(event: UnknownRecord): ItemState | undefined {
    const state = this.itemAt(event);
    if (state) return state.kind === 'message' ? state : undefined;
    const index = asNumber(event.output_index) ?? this.items.size;
    return this.openItem({ type: 'message', id: asString(event.item_id) ?? `item_${index}` }, index, []);
  }
}
