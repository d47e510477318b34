/**
 * Canonical parts -> Responses SSE for a client (Codex CLI, openai SDK `responses.stream()`). Every
 * event carries `sequence_number`; items follow the official order (output_item.added,
 * content_part.added, deltas, .done events, output_item.done) and the stream ends with exactly one of
 * response.completed, response.incomplete or response.failed. With frames turned off the same class
 * builds the non-streamed body (renderResponse), so both shapes come from one mapper.
 */
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject, JsonValue, ProviderMetadata } from '../../canonical/canonical-request.js';
import type { FinishReason } from '../../canonical/finish-reason.js';
import type { FormatId } from '../../canonical/format-id.js';
import type { CanonicalUsage } from '../../canonical/canonical-usage.js';
import { mergeUsage } from '../../canonical/canonical-usage.js';
import type { TranslationContext } from '../../canonical/translation-context.js';
import type { ErrorShape } from '../../../../shared/errors.js';
import type { StreamEncoder, StreamFrame } from '../wire-format.js';
import { encodeEncryptedContent } from './openai-responses-reasoning-signature.js';
import type { ResponsesMessageItem, ResponsesOutputItem, ResponsesStatus, ResponsesUsage } from './openai-responses-schema.js';
import { renderToolChoice, renderTools } from './openai-responses-tools.js';

interface TextState {
  itemId: string;
  outputIndex: number;
  text: string;
}
interface ReasoningState {
  itemId: string;
  outputIndex: number;
  text: string;
  summaryOpen: boolean;
  redactedData: string | undefined;
}
interface ToolState {
  itemId: string;
  outputIndex: number;
  callId: string;
  name: string;
  custom: boolean;
  input: string;
}

type ResponsesEvent = JsonObject & { type: string };

export function renderResponsesUsage(usage: CanonicalUsage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** OpenAI's `error.code` where one fits (Codex CLI retries `rate_limit_exceeded`), else ours. */
function responsesErrorCode(error: ErrorShape): string {
  if (error.upstreamType) return error.upstreamType;
  if (error.code === 'rate_limited') return 'rate_limit_exceeded';
  if (error.code === 'quota_exceeded') return 'insufficient_quota';
  return error.status >= 500 ? 'server_error' : error.code;
}

export class OpenAiResponsesStreamEncoder implements StreamEncoder {
  private sequence = 0;
  private frames: StreamFrame[] = [];
  private readonly output: ResponsesOutputItem[] = [];
  private readonly texts = new Map<string, TextState>();
  private readonly reasonings = new Map<string, ReasoningState>();
  private readonly tools = new Map<string, ToolState>();
  private usage: CanonicalUsage | undefined;
  private started = false;
  private finished = false;
  private responseId = '';
  private createdAt = 0;
  private final: JsonObject | undefined;
  private readonly echo: JsonObject;

  constructor(
    request: CanonicalRequest,
    private readonly context: TranslationContext,
    /** false: build only the final response object (non-streamed body), no frames. */
    private readonly framesEnabled = true,
  ) {
    const savedChoice = request.providerMetadata?.['openai-responses']?.tool_choice;
    this.echo = {
      instructions: null,
      max_output_tokens: request.maxOutputTokens ?? null,
      parallel_tool_calls: request.parallelToolCalls ?? true,
      reasoning: request.reasoning?.effort ? { effort: request.reasoning.effort, summary: request.reasoning.summary ?? null } : null,
      temperature: request.temperature ?? null,
      tool_choice: request.toolChoice ? renderToolChoice(request.toolChoice, request.tools) : (savedChoice ?? 'auto'),
      tools: renderTools(request.tools),
      top_p: request.topP ?? null,
      metadata: {},
    };
  }

  /** The response object of the terminal event, once the stream has finished or failed. */
  get finalResponse(): JsonObject | undefined {
    return this.final;
  }

  push(part: CanonicalPart): StreamFrame[] {
    const frames: StreamFrame[] = [];
    if (this.finished) return frames;
    this.frames = frames;
    switch (part.type) {
      case 'response-start':
        this.start(part.id, part.created);
        break;
      case 'text-start':
        this.openText(part.id);
        break;
      case 'text-delta': {
        const state = this.texts.get(part.id) ?? this.openText(part.id);
        state.text += part.delta;
        this.emit({ type: 'response.output_text.delta', sequence_number: this.sequence, item_id: state.itemId, output_index: state.outputIndex, content_index: 0, delta: part.delta, logprobs: [] });
        break;
      }
      case 'text-end': {
        const state = this.texts.get(part.id);
        if (state) this.closeText(part.id, state, part.providerMetadata);
        break;
      }
      case 'reasoning-start':
        this.openReasoning(part.id, part.redactedData);
        break;
      case 'reasoning-delta': {
        const state = this.reasonings.get(part.id) ?? this.openReasoning(part.id, undefined);
        if (!state.summaryOpen) {
          state.summaryOpen = true;
          this.emit({ type: 'response.reasoning_summary_part.added', sequence_number: this.sequence, item_id: state.itemId, output_index: state.outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
        }
        state.text += part.delta;
        this.emit({ type: 'response.reasoning_summary_text.delta', sequence_number: this.sequence, item_id: state.itemId, output_index: state.outputIndex, summary_index: 0, delta: part.delta });
        break;
      }
      case 'reasoning-end': {
        const state = this.reasonings.get(part.id) ?? this.openReasoning(part.id, undefined);
        this.closeReasoning(part.id, state, part.signature, part.signatureFormat);
        break;
      }
      case 'tool-input-start':
        this.openTool(part.id, part.toolName, part.kind === 'custom');
        break;
      case 'tool-input-delta': {
        const state = this.tools.get(part.id);
        if (!state) break;
        state.input += part.delta;
        this.emit({
          type: state.custom ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta',
          sequence_number: this.sequence,
          item_id: state.itemId,
          output_index: state.outputIndex,
          delta: part.delta,
        });
        break;
      }
      case 'tool-input-end': {
        const state = this.tools.get(part.id);
        if (state) this.closeTool(part.id, state);
        break;
      }
      case 'usage':
        this.usage = mergeUsage(this.usage, part.usage);
        break;
      case 'finish':
        if (part.usage) this.usage = mergeUsage(this.usage, part.usage);
        this.finish(part.finishReason);
        break;
      case 'error':
        this.fail(part.error);
        break;
    }
    return frames;
  }

  private emit(event: ResponsesEvent): void {
    this.sequence += 1;
    if (this.framesEnabled) this.frames.push({ event: event.type, data: JSON.stringify(event) });
  }

  private responseObject(status: ResponsesStatus, output: JsonValue[]): JsonObject {
    return { id: this.responseId, object: 'response', created_at: this.createdAt, status, error: null, incomplete_details: null, model: this.context.clientModel, output, ...this.echo };
  }

  /** Parts may arrive without a response-start (a replayed or minimal stream). */
  private ensureStarted(): void {
    if (!this.started) this.start(undefined, undefined);
  }

  private start(id: string | undefined, created: number | undefined): void {
    if (this.started) return;
    this.started = true;
    this.responseId = id?.startsWith('resp_') ? id : this.context.newId('resp_');
    this.createdAt = created || this.context.nowSeconds();
    this.emit({ type: 'response.created', sequence_number: this.sequence, response: this.responseObject('in_progress', []) });
    this.emit({ type: 'response.in_progress', sequence_number: this.sequence, response: this.responseObject('in_progress', []) });
  }

  private addItem(item: ResponsesOutputItem): number {
    const outputIndex = this.output.length;
    this.output.push(item);
    this.emit({ type: 'response.output_item.added', sequence_number: this.sequence, output_index: outputIndex, item });
    return outputIndex;
  }

  private doneItem(outputIndex: number, item: ResponsesOutputItem): void {
    this.output[outputIndex] = item;
    this.emit({ type: 'response.output_item.done', sequence_number: this.sequence, output_index: outputIndex, item });
  }

  private openText(id: string): TextState {
    this.ensureStarted();
    const itemId = this.context.newId('msg_');
    const outputIndex = this.addItem({ id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] });
    const state: TextState = { itemId, outputIndex, text: '' };
    this.texts.set(id, state);
    this.emit({ type: 'response.content_part.added', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    return state;
  }

  private closeText(id: string, state: TextState, metadata: ProviderMetadata | undefined): void {
    this.texts.delete(id);
    const { itemId, outputIndex, text } = state;
    this.emit({ type: 'response.output_text.done', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
    const part = { type: 'output_text' as const, text, annotations: [] };
    this.emit({ type: 'response.content_part.done', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, content_index: 0, part });
    const item: ResponsesMessageItem = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] };
    const phase = metadata?.['openai-responses']?.phase;
    if (typeof phase === 'string') item.phase = phase;
    this.doneItem(outputIndex, item);
  }

  private openReasoning(id: string, redactedData: string | undefined): ReasoningState {
    this.ensureStarted();
    const itemId = this.context.newId('rs_');
    const encrypted = redactedData === undefined ? undefined : encodeEncryptedContent({ redactedData });
    const outputIndex = this.addItem(encrypted === undefined ? { id: itemId, type: 'reasoning', summary: [] } : { id: itemId, type: 'reasoning', summary: [], encrypted_content: encrypted });
    const state: ReasoningState = { itemId, outputIndex, text: '', summaryOpen: false, redactedData };
    this.reasonings.set(id, state);
    return state;
  }

  private closeReasoning(id: string, state: ReasoningState, signature: string | undefined, signatureFormat: FormatId | undefined): void {
    this.reasonings.delete(id);
    const { itemId, outputIndex, text } = state;
    if (state.summaryOpen) {
      this.emit({ type: 'response.reasoning_summary_text.done', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, summary_index: 0, text });
      this.emit({ type: 'response.reasoning_summary_part.done', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, summary_index: 0, part: { type: 'summary_text', text } });
    }
    const item: ResponsesOutputItem = { id: itemId, type: 'reasoning', summary: state.summaryOpen ? [{ type: 'summary_text', text }] : [] };
    item.encrypted_content = encodeEncryptedContent({ signature, signatureFormat, redactedData: state.redactedData });
    this.doneItem(outputIndex, item);
  }

  private openTool(callId: string, name: string, custom: boolean): void {
    this.ensureStarted();
    const itemId = this.context.newId(custom ? 'ctc_' : 'fc_');
    const outputIndex = this.addItem(
      custom
        ? { id: itemId, type: 'custom_tool_call', status: 'in_progress', call_id: callId, name, input: '' }
        : { id: itemId, type: 'function_call', status: 'in_progress', call_id: callId, name, arguments: '' },
    );
    this.tools.set(callId, { itemId, outputIndex, callId, name, custom, input: '' });
  }

  private closeTool(id: string, state: ToolState): void {
    this.tools.delete(id);
    const { itemId, outputIndex, callId, name, input } = state;
    if (state.custom) {
      this.emit({ type: 'response.custom_tool_call_input.done', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, input });
      this.doneItem(outputIndex, { id: itemId, type: 'custom_tool_call', status: 'completed', call_id: callId, name, input });
    } else {
      this.emit({ type: 'response.function_call_arguments.done', sequence_number: this.sequence, item_id: itemId, output_index: outputIndex, name, arguments: input });
      this.doneItem(outputIndex, { id: itemId, type: 'function_call', status: 'completed', call_id: callId, name, arguments: input });
    }
  }

  /** Blocks the upstream never closed are closed before the terminal event, in output order. */
  private closeOpenBlocks(): void {
    for (const [id, state] of this.texts) this.closeText(id, state, undefined);
    for (const [id, state] of this.reasonings) this.closeReasoning(id, state, undefined, undefined);
    for (const [id, state] of this.tools) this.closeTool(id, state);
  }

  private finish(reason: FinishReason): void {
    this.ensureStarted();
    this.closeOpenBlocks();
    const incompleteReason = reason === 'length' ? 'max_output_tokens' : reason === 'content-filter' ? 'content_filter' : undefined;
    const response = this.responseObject(incompleteReason ? 'incomplete' : 'completed', this.output);
    if (incompleteReason) response.incomplete_details = { reason: incompleteReason };
    if (this.usage) response.usage = renderResponsesUsage(this.usage);
    this.final = response;
    this.finished = true;
    this.emit({ type: incompleteReason ? 'response.incomplete' : 'response.completed', sequence_number: this.sequence, response });
  }

  private fail(error: ErrorShape): void {
    this.ensureStarted();
    const response = this.responseObject('failed', this.output);
    response.error = { code: responsesErrorCode(error), message: error.message };
    if (this.usage) response.usage = renderResponsesUsage(this.usage);
    this.final = response;
    this.finished = true;
    this.emit({ type: 'response.failed', sequence_number: this.sequence, response });
  }
}
