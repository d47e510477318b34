/**
 * Canonical parts -> Chat Completions chunks for a client, in exactly the shapes of protocols.md
 * §6. The fixed head of every chunk is rendered once; each frame then costs one JSON.stringify of
 * its delta at most.
 */
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject } from '../../canonical/canonical-request.js';
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import { mergeUsage } from '../../canonical/canonical-usage.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { StreamEncoder, StreamFrame } from '../wire-format.js';
import { renderOpenAiError } from './openai-chat-errors.js';
import { finishReasonToChat, toChatCompletionId, usageToChat } from './openai-chat-finish-usage.js';

const firstDelta = '{"role":"assistant","content":""}';

interface ToolCallSlot {
  index: number;
  custom: boolean;
}

export class OpenAiChatStreamEncoder implements StreamEncoder {
  private readonly context: TranslationContext;
  private readonly includeUsage: boolean;
  /** `{"id":…,"object":…,"created":…,"model":…,"choices":` — the same in every chunk. */
  private head = '';
  /** What closes a chunk after its choices: with include_usage every chunk says `"usage":null`. */
  private readonly tail: string;
  private started = false;
  private done = false;
  private readonly toolCalls = new Map<string, ToolCallSlot>();
  private usage: CanonicalUsage | undefined;

  constructor(request: CanonicalRequest, context: TranslationContext) {
    this.context = context;
    this.includeUsage = request.includeUsage === true;
    this.tail = this.includeUsage ? ',"usage":null}' : '}';
  }

  push(part: CanonicalPart): StreamFrame[] {
    if (this.done) return [];
    switch (part.type) {
      case 'response-start':
        return this.started ? [] : [this.start(part.id, part.created)];
      case 'text-delta':
        return part.delta ? this.withOpening(JSON.stringify({ content: part.delta })) : [];
      case 'reasoning-delta':
        return part.delta ? this.withOpening(JSON.stringify({ reasoning_content: part.delta })) : [];
      case 'tool-input-start':
        return this.withOpening(this.toolStartDelta(part.id, part.toolName, part.kind === 'custom'));
      case 'tool-input-delta':
        return this.toolDeltaFrames(part.id, part.delta);
      case 'usage':
        this.usage = mergeUsage(this.usage, part.usage);
        return [];
      case 'finish':
        if (part.usage) this.usage = mergeUsage(this.usage, part.usage);
        return this.finishFrames(finishReasonToChat(part.finishReason));
      case 'error':
        // In-band error, then nothing: no [DONE], so clients do not mistake it for a clean end.
        this.done = true;
        return [{ data: JSON.stringify(renderOpenAiError(part.error)) }];
      // Block boundaries and signatures have no Chat shape.
      case 'text-start':
      case 'text-end':
      case 'reasoning-start':
      case 'reasoning-end':
      case 'tool-input-end':
        return [];
    }
  }

  private start(id: string | undefined, created: number | undefined): StreamFrame {
    this.started = true;
    const chatId = toChatCompletionId(id, this.context);
    const seconds = created || this.context.nowSeconds();
    this.head =
      `{"id":${JSON.stringify(chatId)},"object":"chat.completion.chunk","created":${seconds},` +
      `"model":${JSON.stringify(this.context.clientModel)},"choices":`;
    return this.deltaFrame(firstDelta);
  }

  /** One delta chunk, after the opening chunk if no response-start came first. */
  private withOpening(delta: string): StreamFrame[] {
    if (this.started) return [this.deltaFrame(delta)];
    const first = this.start(undefined, undefined);
    return [first, this.deltaFrame(delta)];
  }

  private deltaFrame(delta: string): StreamFrame {
    return { data: `${this.head}[{"index":0,"delta":${delta},"finish_reason":null}]${this.tail}` };
  }

  private toolStartDelta(id: string, name: string, custom: boolean): string {
    const index = this.toolCalls.size;
    this.toolCalls.set(id, { index, custom });
    const call: JsonObject = custom
      ? { index, id, type: 'custom', custom: { name, input: '' } }
      : { index, id, type: 'function', function: { name, arguments: '' } };
    return JSON.stringify({ tool_calls: [call] });
  }

  private toolDeltaFrames(id: string, delta: string): StreamFrame[] {
    const slot = this.toolCalls.get(id);
    if (!slot || !delta) return [];
    const call: JsonObject = slot.custom
      ? { index: slot.index, custom: { input: delta } }
      : { index: slot.index, function: { arguments: delta } };
    return [this.deltaFrame(JSON.stringify({ tool_calls: [call] }))];
  }

  private finishFrames(reason: string): StreamFrame[] {
    this.done = true;
    const frames: StreamFrame[] = [];
    if (!this.started) frames.push(this.start(undefined, undefined));
    frames.push({ data: `${this.head}[{"index":0,"delta":{},"finish_reason":"${reason}"}]${this.tail}` });
    if (this.includeUsage) {
      const usage = usageToChat(this.usage ?? { inputTokens: 0, outputTokens: 0 });
      frames.push({ data: `${this.head}[],"usage":${JSON.stringify(usage)}}` });
    }
    frames.push({ data: '[DONE]' });
    return frames;
  }
}
