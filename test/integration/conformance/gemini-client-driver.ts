/** Gemini generateContent as a client speaks it: the model in the path, `?alt=sse` for streams. */
import { parseSse } from '../../fakes/fake-test-helpers.js';
import {
  asArray,
  asNumber,
  asRecord,
  asString,
  errorSeen,
  parseJsonText,
  postTurn,
  type ClientDriver,
  type Gateway,
  type TurnOutcome,
  type TurnRequest,
} from './client-driver.js';

function contentsOf(turn: TurnRequest): unknown[] {
  const images = (turn.images ?? []).map((image) =>
    'url' in image ? { fileData: { mimeType: image.mediaType, fileUri: image.url } } : { inlineData: { mimeType: image.mediaType, data: image.data } },
  );
  const contents: unknown[] = [{ role: 'user', parts: [{ text: turn.prompt }, ...images] }];
  if (turn.previous) {
    contents.push(turn.previous.outcome.assistantTurn);
    contents.push({
      role: 'user',
      // Gemini's own calls may come without ids: a response then names only the function.
      parts: turn.previous.outcome.toolCalls.map((call, index) => ({
        functionResponse: { name: call.name, ...(call.id ? { id: call.id } : {}), response: { result: turn.previous?.results[index] ?? '' } },
      })),
    });
  }
  return contents;
}

/** One GenerateContentResponse (a whole body or one stream frame) folded into the outcome. */
function readChunk(chunk: Record<string, unknown>, outcome: TurnOutcome, parts: unknown[]): void {
  if (chunk.error) {
    outcome.error = errorSeen(chunk.error, 'status');
    return;
  }
  const candidate = asRecord(asArray(chunk.candidates)[0]);
  for (const entry of asArray(asRecord(candidate.content).parts)) {
    const part = asRecord(entry);
    parts.push(part);
    if (part.functionCall) {
      const call = asRecord(part.functionCall);
      outcome.toolCalls.push({ id: asString(call.id), name: asString(call.name), arguments: call.args });
    } else if (part.thought === true) {
      outcome.reasoning += asString(part.text);
      if (part.thoughtSignature) outcome.reasoningProofs.push(asString(part.thoughtSignature));
    } else {
      outcome.text += asString(part.text);
    }
  }
  if (typeof candidate.finishReason === 'string') {
    outcome.cleanEnd = true;
    const reason = candidate.finishReason;
    outcome.stop = reason === 'MAX_TOKENS' ? 'length' : reason === 'STOP' ? (outcome.toolCalls.length > 0 ? 'tool' : 'stop') : 'other';
  }
  if (chunk.usageMetadata) {
    const usage = asRecord(chunk.usageMetadata);
    outcome.usage = {
      input: asNumber(usage.promptTokenCount),
      output: asNumber(usage.candidatesTokenCount) + asNumber(usage.thoughtsTokenCount),
      cached: asNumber(usage.cachedContentTokenCount),
    };
  }
}

export function geminiClient(gateway: Gateway): ClientDriver {
  return {
    async send(turn) {
      const body: Record<string, unknown> = { contents: contentsOf(turn) };
      if (turn.system) body.systemInstruction = { parts: [{ text: turn.system }] };
      if (turn.tools) body.tools = [{ functionDeclarations: turn.tools }];
      if (turn.reasoning) body.generationConfig = { thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 } };
      // Model names with a slash go in the path as they are, as @google/genai sends them.
      const method = turn.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      const outcome = await postTurn(`${gateway.url}/v1beta/models/${turn.model}:${method}`, body, { 'x-goog-api-key': gateway.clientKey });
      const parts: unknown[] = [];
      if (outcome.status >= 400 || !turn.stream) {
        readChunk(asRecord(parseJsonText(outcome.raw)), outcome, parts);
      } else {
        for (const event of parseSse(outcome.raw)) readChunk(asRecord(parseJsonText(event.data)), outcome, parts);
      }
      outcome.assistantTurn = { role: 'model', parts };
      return outcome;
    },
  };
}
