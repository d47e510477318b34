/** OpenAI Responses as a client speaks it (Codex CLI style: `store:false`, items replayed as input). */
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
  type TurnOutcome,
  type TurnRequest,
} from './client-driver.js';

function usageOf(usage: unknown): TurnOutcome['usage'] {
  if (!usage || typeof usage !== 'object') return undefined;
  const record = asRecord(usage);
  return {
    input: asNumber(record.input_tokens),
    output: asNumber(record.output_tokens),
    cached: asNumber(asRecord(record.input_tokens_details).cached_tokens),
  };
}

function inputOf(turn: TurnRequest): unknown[] {
  const images = (turn.images ?? []).map((image) => ({ type: 'input_image', image_url: dataUrl(image) }));
  const input: unknown[] = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: turn.prompt }, ...images] }];
  if (turn.previous) {
    input.push(...asArray(turn.previous.outcome.assistantTurn));
    turn.previous.outcome.toolCalls.forEach((call, index) => {
      input.push({ type: 'function_call_output', call_id: call.id, output: turn.previous?.results[index] ?? '' });
    });
  }
  return input;
}

/** The final response object -> the neutral outcome; its output items are what the client replays. */
function readResponse(response: Record<string, unknown>, outcome: TurnOutcome): void {
  const output = asArray(response.output);
  for (const entry of output) {
    const item = asRecord(entry);
    switch (item.type) {
      case 'message':
        for (const part of asArray(item.content)) outcome.text += asString(asRecord(part).text);
        break;
      case 'reasoning':
        for (const part of asArray(item.summary)) outcome.reasoning += asString(asRecord(part).text);
        if (item.encrypted_content) outcome.reasoningProofs.push(asString(item.encrypted_content));
        break;
      case 'function_call':
        outcome.toolCalls.push({ id: asString(item.call_id), name: asString(item.name), arguments: parseJsonText(asString(item.arguments)) });
        break;
    }
  }
  outcome.usage = usageOf(response.usage);
  const incomplete = asString(asRecord(response.incomplete_details).reason);
  if (response.status === 'incomplete') outcome.stop = incomplete === 'max_output_tokens' ? 'length' : 'other';
  else if (response.status === 'completed') outcome.stop = outcome.toolCalls.length > 0 ? 'tool' : 'stop';
  outcome.assistantTurn = output;
}

export function responsesClient(gateway: Gateway): ClientDriver {
  return {
    async send(turn) {
      const body: Record<string, unknown> = { model: turn.model, input: inputOf(turn), stream: turn.stream, store: false };
      if (turn.system) body.instructions = turn.system;
      if (turn.tools) body.tools = turn.tools.map((tool) => ({ type: 'function', strict: false, ...tool }));
      if (turn.reasoning) {
        body.reasoning = { effort: 'medium', summary: 'auto' };
        body.include = ['reasoning.encrypted_content'];
      }
      const outcome = await postTurn(`${gateway.url}/v1/responses`, body, { authorization: `Bearer ${gateway.clientKey}` });
      if (readHttpError(outcome)) return outcome;
      if (!turn.stream) {
        readResponse(asRecord(parseJsonText(outcome.raw)), outcome);
        outcome.cleanEnd = true;
        return outcome;
      }
      let sequence = -1;
      let streamedText = '';
      for (const event of parseSse(outcome.raw)) {
        const data = asRecord(parseJsonText(event.data));
        // Every event names its type twice and counts up; a gap or a mismatch is a broken stream.
        if (event.event !== data.type || asNumber(data.sequence_number) !== sequence + 1) {
          outcome.error = { message: `bad event ${event.event} #${String(data.sequence_number)}`, type: 'client_parse' };
        }
        sequence = asNumber(data.sequence_number);
        if (data.type === 'response.output_text.delta') streamedText += asString(data.delta);
        if (data.type === 'response.completed' || data.type === 'response.incomplete') {
          outcome.cleanEnd = true;
          readResponse(asRecord(data.response), outcome);
        } else if (data.type === 'response.failed') {
          const response = asRecord(data.response);
          outcome.error = errorSeen(response.error, 'code');
          readResponse(response, outcome);
          outcome.stop = undefined;
        }
      }
      // Text that streamed before a failure: a failed response's final object may not hold it.
      if (outcome.error && !outcome.text) outcome.text = streamedText;
      return outcome;
    },
  };
}
