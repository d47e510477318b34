/** Anthropic Messages as a client speaks it: `POST /v1/messages`, stream or not. */
import { parseSse } from '../../fakes/fake-test-helpers.js';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  errorSeen,
  parseJsonText,
  postTurn,
  readHttpError,
  type ClientDriver,
  type Gateway,
  type StopSeen,
  type TurnOutcome,
  type TurnRequest,
} from './client-driver.js';

function stopOf(reason: unknown): StopSeen | undefined {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool';
    case undefined:
    case null:
      return undefined;
    default:
      return 'other';
  }
}

function usageOf(usage: unknown): TurnOutcome['usage'] {
  const record = asRecord(usage);
  const cached = asNumber(record.cache_read_input_tokens);
  return {
    input: asNumber(record.input_tokens) + cached + asNumber(record.cache_creation_input_tokens),
    output: asNumber(record.output_tokens),
    cached,
  };
}

function messagesOf(turn: TurnRequest): unknown[] {
  const images = (turn.images ?? []).map((image) => ({
    type: 'image',
    source: 'url' in image ? { type: 'url', url: image.url } : { type: 'base64', media_type: image.mediaType, data: image.data },
  }));
  const messages: unknown[] = [{ role: 'user', content: images.length > 0 ? [{ type: 'text', text: turn.prompt }, ...images] : turn.prompt }];
  if (turn.previous) {
    messages.push(turn.previous.outcome.assistantTurn);
    messages.push({
      role: 'user',
      content: turn.previous.outcome.toolCalls.map((call, index) => ({
        type: 'tool_result',
        tool_use_id: call.id,
        content: turn.previous?.results[index] ?? '',
      })),
    });
  }
  return messages;
}

/** Whole content blocks -> the neutral outcome. */
function readBlocks(blocks: unknown[], outcome: TurnOutcome): void {
  for (const entry of blocks) {
    const block = asRecord(entry);
    switch (block.type) {
      case 'text':
        outcome.text += asString(block.text);
        break;
      case 'thinking':
        outcome.reasoning += asString(block.thinking);
        if (block.signature) outcome.reasoningProofs.push(asString(block.signature));
        break;
      case 'tool_use':
        outcome.toolCalls.push({ id: asString(block.id), name: asString(block.name), arguments: block.input });
        break;
    }
  }
}

/** Stream events -> content blocks, as the SDK's MessageStream assembles them. */
function assembleStream(text: string, outcome: TurnOutcome): unknown[] {
  const blocks: Array<Record<string, unknown>> = [];
  const partialJson = new Map<number, string>();
  for (const event of parseSse(text)) {
    const data = asRecord(parseJsonText(event.data));
    switch (data.type) {
      case 'message_start':
        outcome.usage = usageOf(asRecord(data.message).usage);
        break;
      case 'content_block_start':
        blocks[asNumber(data.index)] = { ...asRecord(data.content_block) };
        break;
      case 'content_block_delta': {
        const index = asNumber(data.index);
        const block = blocks[index];
        const delta = asRecord(data.delta);
        if (delta.type === 'text_delta') block.text = asString(block.text) + asString(delta.text);
        if (delta.type === 'thinking_delta') block.thinking = asString(block.thinking) + asString(delta.thinking);
        if (delta.type === 'signature_delta') block.signature = asString(block.signature) + asString(delta.signature);
        if (delta.type === 'input_json_delta') partialJson.set(index, (partialJson.get(index) ?? '') + asString(delta.partial_json));
        break;
      }
      case 'content_block_stop': {
        const index = asNumber(data.index);
        if (blocks[index]?.type === 'tool_use') blocks[index].input = parseJsonText(partialJson.get(index) || '{}');
        break;
      }
      case 'message_delta':
        outcome.stop = stopOf(asRecord(data.delta).stop_reason);
        if (data.usage) outcome.usage = usageOf(data.usage);
        break;
      case 'message_stop':
        outcome.cleanEnd = true;
        break;
      case 'error':
        outcome.error = errorSeen(data.error);
        break;
    }
  }
  return blocks.filter(Boolean);
}

export function messagesClient(gateway: Gateway): ClientDriver {
  return {
    async send(turn) {
      const body: Record<string, unknown> = { model: turn.model, max_tokens: 4096, messages: messagesOf(turn), stream: turn.stream };
      if (turn.system) body.system = turn.system;
      if (turn.tools) body.tools = turn.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters }));
      if (turn.reasoning) body.thinking = { type: 'enabled', budget_tokens: 2048 };
      const outcome = await postTurn(`${gateway.url}/v1/messages`, body, { 'x-api-key': gateway.clientKey, 'anthropic-version': '2023-06-01' });
      if (readHttpError(outcome)) return outcome;
      let content: unknown[];
      if (turn.stream) {
        content = assembleStream(outcome.raw, outcome);
      } else {
        const json = asRecord(parseJsonText(outcome.raw));
        content = asArray(json.content);
        outcome.stop = stopOf(json.stop_reason);
        outcome.usage = usageOf(json.usage);
        outcome.cleanEnd = true;
      }
      readBlocks(content, outcome);
      outcome.assistantTurn = { role: 'assistant', content };
      return outcome;
    },
  };
}
