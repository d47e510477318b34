/**
 * Upstream Chat Completions chunks -> canonical parts. Tolerant on purpose (protocols.md §5):
 * local OpenAI-compatible servers omit ids, finish reasons, tool-call names and `[DONE]`.
 * One JSON.parse per frame, plain guards instead of schemas, all state in typed fields.
 */
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import { mergeUsage } from '../../canonical/canonical-usage.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import { isRecord, nonEmptyStringField } from '../../canonical/json-values.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamDecoder, StreamFrame } from '../wire-format.js';
import { openAiStreamErrorShape } from './openai-chat-errors.js';
import { finishReasonFromChat, usageFromChat } from './openai-chat-finish-usage.js';
import { chatFormatId } from './openai-chat-json.js';
import { DeltaTemplate } from '../stream-delta-template.js';

type JsonRecord = Record<string, unknown>;

/** Content is a string in chunks; a few servers send text parts in whole responses. */
function readContent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  let text = '';
  for (const part of value) if (isRecord(part) && typeof part.text === 'string') text += part.text;
  return text;
}

/** A chunk whose only effect is one content delta: the envelope a DeltaTemplate may learn. */
function isPlainContentDelta(value: unknown): boolean {
  if (!isRecord(value) || value.error != null || usageFromChat(value.usage) !== undefined) return false;
  const choices = value.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return false;
  const choice: unknown = choices[0];
  if (!isRecord(choice) || (choice.index != null && choice.index !== 0) || choice.finish_reason != null || !isRecord(choice.delta)) return false;
  const keys = Object.keys(choice.delta);
  return keys.length === 1 && keys[0] === 'content' && typeof choice.delta.content === 'string';
}

type OpenBlock = 'none' | 'text' | 'reasoning' | 'tool';

interface ToolCallState {
  index: number;
  id: string | undefined;
  name: string | undefined;
  kind: 'function' | 'custom';
  started: boolean;
}

export class OpenAiChatStreamDecoder implements StreamDecoder {
  private readonly context: TranslationContext;
  private sawChunk = false;
  private started = false;
  /** A finish or error part went out; nothing follows it. */
  private done = false;
  private open: OpenBlock = 'none';
  private openBlockId = '';
  private blockCount = 0;
  private readonly toolCalls = new Map<number, ToolCallState>();
  private openTool: ToolCallState | undefined;
  private lastToolIndex = -1;
  private rawFinishReason: string | undefined;
  private usage: Partial<CanonicalUsage> | undefined;
  /** Content-delta chunks in an envelope seen before skip the JSON.parse (see stream-delta-template.ts). */
  private readonly contentTemplate = new DeltaTemplate<undefined>();

  constructor(context: TranslationContext) {
    this.context = context;
  }

  push(frame: StreamFrame): CanonicalPart[] {
    if (this.done) return [];
    const data = frame.data;
    const parts: CanonicalPart[] = [];
    if (data === '[DONE]') {
      this.finish(parts);
      return parts;
    }
    if (data.length === 0) return parts;
    const content = this.started ? this.contentTemplate.match(data) : undefined;
    if (content !== undefined) {
      if (content) this.textDelta(content, parts);
      return parts;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      this.done = true;
      parts.push({
        type: 'error',
        error: {
          code: 'translation_failed',
          message: `The upstream sent a stream frame that is not JSON: ${data.slice(0, 200)}`,
          status: 502,
          retryable: false,
        },
      });
      return parts;
    }
    this.pushValue(value, parts);
    if (this.started && !this.done && this.contentTemplate.learning && isPlainContentDelta(value)) this.contentTemplate.learn(data, 'content', undefined);
    return parts;
  }

  end(): CanonicalPart[] {
    if (this.done) return [];
    const parts: CanonicalPart[] = [];
    if (!this.sawChunk) {
      this.done = true;
      parts.push({
        type: 'error',
        error: {
          code: 'stream_interrupted',
          message: 'The upstream closed the stream before sending any data.',
          status: 502,
          retryable: true,
        },
      });
      return parts;
    }
    this.finish(parts);
    return parts;
  }

  /** One parsed chunk (or a whole non-streamed response, whose choices carry `message`). */
  pushValue(value: unknown, parts: CanonicalPart[]): void {
    if (this.done || !isRecord(value)) return;
    this.sawChunk = true;
    if (value.error != null) {
      this.done = true;
      parts.push({ type: 'error', error: openAiStreamErrorShape(value) });
      return;
    }
    const choices = value.choices;
    const usage = usageFromChat(value.usage);
    if (!this.started && (Array.isArray(choices) || usage !== undefined || typeof value.id === 'string')) {
      this.start(value, parts);
    }
    const finishedEarlier = this.rawFinishReason !== undefined;
    if (Array.isArray(choices)) {
      for (let index = 0; index < choices.length; index++) {
        const choice: unknown = choices[index];
        // Canonical responses have one choice; extra ones (`n` > 1) are not carried.
        if (isRecord(choice) && (choice.index == null || choice.index === 0)) this.readChoice(choice, parts);
      }
    }
    if (usage !== undefined) {
      this.usage = usage;
      // A usage chunk after the finish reason is the last word: finish now, with the usage.
      if (finishedEarlier) this.finish(parts);
    }
  }

  private start(chunk: JsonRecord, parts: CanonicalPart[]): void {
    this.started = true;
    const start: CanonicalPart = {
      type: 'response-start',
      id: nonEmptyStringField(chunk, 'id') ?? this.context.newId('chatcmpl-'),
      model: nonEmptyStringField(chunk, 'model') ?? this.context.clientModel,
      created: typeof chunk.created === 'number' ? chunk.created : this.context.nowSeconds(),
    };
    const fingerprint = nonEmptyStringField(chunk, 'system_fingerprint');
    if (fingerprint) start.providerMetadata = { [chatFormatId]: { system_fingerprint: fingerprint } };
    parts.push(start);
  }

  private readChoice(choice: JsonRecord, parts: CanonicalPart[]): void {
    const delta = isRecord(choice.delta) ? choice.delta : isRecord(choice.message) ? choice.message : undefined;
    if (delta) {
      const reasoning = nonEmptyStringField(delta, 'reasoning_content') ?? nonEmptyStringField(delta, 'reasoning');
      if (reasoning) this.reasoningDelta(reasoning, parts);
      const content = readContent(delta.content);
      if (content) this.textDelta(content, parts);
      const refusal = nonEmptyStringField(delta, 'refusal');
      if (refusal) this.textDelta(refusal, parts);
      const toolCalls = delta.tool_calls;
      if (Array.isArray(toolCalls)) {
        for (let index = 0; index < toolCalls.length; index++) this.toolCallDelta(toolCalls[index], parts);
      }
    }
    const finishReason = nonEmptyStringField(choice, 'finish_reason');
    if (finishReason) {
      this.closeBlock(parts);
      this.rawFinishReason = finishReason;
    }
  }

  private textDelta(delta: string, parts: CanonicalPart[]): void {
    if (this.open !== 'text') {
      this.closeBlock(parts);
      this.open = 'text';
      this.openBlockId = String(this.blockCount++);
      parts.push({ type: 'text-start', id: this.openBlockId });
    }
    parts.push({ type: 'text-delta', id: this.openBlockId, delta });
  }

  private reasoningDelta(delta: string, parts: CanonicalPart[]): void {
    if (this.open !== 'reasoning') {
      this.closeBlock(parts);
      this.open = 'reasoning';
      this.openBlockId = String(this.blockCount++);
      parts.push({ type: 'reasoning-start', id: this.openBlockId });
    }
    parts.push({ type: 'reasoning-delta', id: this.openBlockId, delta });
  }

  private toolCallDelta(raw: unknown, parts: CanonicalPart[]): void {
    if (!isRecord(raw)) return;
    const custom = raw.type === 'custom' || (!isRecord(raw.function) && isRecord(raw.custom));
    const payload = custom ? raw.custom : raw.function;
    const fields = isRecord(payload) ? payload : undefined;
    const id = nonEmptyStringField(raw, 'id');
    const index = this.toolIndex(raw.index, id);
    this.lastToolIndex = index;
    let call = this.toolCalls.get(index);
    if (!call) {
      call = { index, id: undefined, name: undefined, kind: custom ? 'custom' : 'function', started: false };
      this.toolCalls.set(index, call);
    }
    if (call.id === undefined && id !== undefined) call.id = id;
    if (call.name === undefined && fields) call.name = nonEmptyStringField(fields, 'name');
    const fragment = nonEmptyStringField(fields, custom ? 'input' : 'arguments');
    if (!call.started) {
      // Without a name or arguments yet, the name may still come: wait for it.
      if (call.name === undefined && fragment === undefined) return;
      this.startTool(call, parts);
    }
    if (fragment !== undefined) parts.push({ type: 'tool-input-delta', id: call.id as string, delta: fragment });
  }

  /** Chat tool deltas are keyed by `index`; a few servers omit it and send ids instead. */
  private toolIndex(rawIndex: unknown, id: string | undefined): number {
    if (typeof rawIndex === 'number') return rawIndex;
    if (id !== undefined) {
      let next = 0;
      for (const call of this.toolCalls.values()) {
        if (call.id === id) return call.index;
        if (call.index >= next) next = call.index + 1;
      }
      return next;
    }
    return this.lastToolIndex >= 0 ? this.lastToolIndex : 0;
  }

  private startTool(call: ToolCallState, parts: CanonicalPart[]): void {
    this.closeBlock(parts);
    call.started = true;
    call.id ??= this.context.newId('call_');
    call.name ??= `tool_${call.index}`;
    parts.push(
      call.kind === 'custom'
        ? { type: 'tool-input-start', id: call.id, toolName: call.name, kind: 'custom' }
        : { type: 'tool-input-start', id: call.id, toolName: call.name },
    );
    this.open = 'tool';
    this.openTool = call;
  }

  private closeBlock(parts: CanonicalPart[]): void {
    switch (this.open) {
      case 'none':
        return;
      case 'text':
        parts.push({ type: 'text-end', id: this.openBlockId });
        break;
      case 'reasoning':
        parts.push({ type: 'reasoning-end', id: this.openBlockId });
        break;
      case 'tool':
        // startTool sets `open` and `openTool` together and runs once per call, so each call ends once here.
        if (this.openTool) parts.push({ type: 'tool-input-end', id: this.openTool.id as string });
        this.openTool = undefined;
        break;
    }
    this.open = 'none';
  }

  private finish(parts: CanonicalPart[]): void {
    if (this.done) return;
    if (!this.started) this.start({}, parts);
    this.closeBlock(parts);
    // Calls announced by id alone, never named nor given arguments, still happened.
    for (const call of this.toolCalls.values()) {
      if (call.started) continue;
      this.startTool(call, parts);
      this.closeBlock(parts);
    }
    const finish: CanonicalPart = { type: 'finish', finishReason: this.finishReason() };
    if (this.rawFinishReason !== undefined) finish.rawFinishReason = this.rawFinishReason;
    if (this.usage !== undefined) finish.usage = mergeUsage(undefined, this.usage);
    parts.push(finish);
    this.done = true;
  }

  /** Servers that never send a reason, or say `stop` after tool calls, still asked for tools. */
  private finishReason(): FinishReason {
    const sawToolCall = this.toolCalls.size > 0;
    if (this.rawFinishReason === undefined) return sawToolCall ? 'tool-calls' : 'stop';
    const reason = finishReasonFromChat(this.rawFinishReason);
    return reason === 'stop' && sawToolCall ? 'tool-calls' : reason;
  }
}
