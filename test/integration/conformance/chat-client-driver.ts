/** OpenAI Chat Completions as a client speaks it: `POST /v1/chat/completions`, stream or not. */
import { parseSse } from '../../fakes/fake-test-helpers.js';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  dataUrl,
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
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
      return 'tool';
    case undefined:
    case null:
      return undefined;
    default:
      return 'other';
  }
}

function usageOf(usage: unknown): TurnOutcome['usage'] {
  if (!usage || typeof usage !== 'object') return undefined;
  const record = asRecord(usage);
  return {
    input: asNumber(record.prompt_tokens),
    output: asNumber(record.completion_tokens),
    cached: asNumber(asRecord(record.prompt_tokens_details).cached_tokens),
  };
}

function messagesOf(turn: TurnRequest): unknown[] {
  const messages: unknown[] = [];
  if (turn.system) messages.push({ role: 'system', content: turn.system });
  const images = (turn.images ?? []).map((image) => ({ type: 'image_url', image_url: { url: dataUrl(image) } }));
  messages.push({ role: 'user', content: images.length > 0 ? [{ type: 'text', text: turn.prompt }, ...images] : turn.prompt });
  if (turn.previous) {
    messages.push(turn.previous.outcome.assistantTurn);
    turn.previous.outcome.toolCalls.forEach((call, index) => {
      messages.push({ role: 'tool', tool_call_id: call.id, content: turn.previous?.results[index] ?? '' });
    });
  }
  return messages;
}

function assistantTurn(outcome: TurnOutcome, rawArguments: string[]): unknown {
  const message: Record<string, unknown> = { role: 'assistant', content: outcome.text || null };
  if (outcome.reasoning) message.reasoning_content = outcome.reasoning;
  if (outcome.toolCalls.length > 0) {
    message.tool_calls = outcome.toolCalls.map((call, index) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: rawArguments[index] },
    }));
  }
  return message;
}

export function chatClient(gateway: Gateway): ClientDriver {
  return {
    async send(turn) {
      const body: Record<string, unknown> = { model: turn.model, messages: messagesOf(turn), stream: turn.stream };
      if (turn.stream) body.stream_options = { include_usage: true };
      if (turn.tools) body.tools = turn.tools.map((tool) => ({ type: 'function', function: tool }));
      if (turn.reasoning) body.reasoning_effort = 'high';
      const outcome = await postTurn(`${gateway.url}/v1/chat/completions`, body, { authorization: `Bearer ${gateway.clientKey}` });
      if (readHttpError(outcome)) return outcome;
      const rawArguments: string[] = [];
      if (!turn.stream) {
        const json = asRecord(parseJsonText(outcome.raw));
        const choice = asRecord(asArray(json.choices)[0]);
        const message = asRecord(choice.message);
        outcome.text = asString(message.content);
        outcome.reasoning = asString(message.reasoning_content);
        for (const call of asArray(message.tool_calls)) {
          const fn = asRecord(asRecord(call).function);
          rawArguments.push(asString(fn.arguments));
          outcome.toolCalls.push({ id: asString(asRecord(call).id), name: asString(fn.name), arguments: parseJsonText(asString(fn.arguments)) });
        }
        outcome.stop = stopOf(choice.finish_reason);
        outcome.usage = usageOf(json.usage);
        outcome.cleanEnd = true;
      } else {
        const calls = new Map<number, { id: string; name: string; arguments: string }>();
        for (const event of parseSse(outcome.raw)) {
          if (event.data === '[DONE]') {
            outcome.cleanEnd = true;
            continue;
          }
          const chunk = asRecord(parseJsonText(event.data));
          if (chunk.error) {
            outcome.error = errorSeen(chunk.error);
            continue;
          }
          if (chunk.usage) outcome.usage = usageOf(chunk.usage);
          const choice = asRecord(asArray(chunk.choices)[0]);
          const delta = asRecord(choice.delta);
          outcome.text += asString(delta.content);
          outcome.reasoning += asString(delta.reasoning_content);
          for (const entry of asArray(delta.tool_calls)) {
            const call = asRecord(entry);
            const index = asNumber(call.index);
            const slot = calls.get(index) ?? { id: '', name: '', arguments: '' };
            const fn = asRecord(call.function);
            if (call.id) slot.id = asString(call.id);
            if (fn.name) slot.name = asString(fn.name);
            slot.arguments += asString(fn.arguments);
            calls.set(index, slot);
          }
          outcome.stop = stopOf(choice.finish_reason) ?? outcome.stop;
        }
        for (const call of [...calls.entries()].sort(([left], [right]) => left - right).map(([, slot]) => slot)) {
          rawArguments.push(call.arguments);
          outcome.toolCalls.push({ id: call.id, name: call.name, arguments: parseJsonText(call.arguments) });
        }
      }
      outcome.assistantTurn = assistantTurn(outcome, rawArguments);
      return outcome;
    },
  };
}
