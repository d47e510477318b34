/**
 * The parts and envelopes Gemini clients receive, shared by the stream encoder (one part per frame)
 * and renderResponse (whole blocks), so both speak the same shapes.
 */
import type { AssistantContent, JsonObject, ProviderMetadata } from '../../canonical/canonical-request.js';
import type { FormatId } from '../../canonical/format-id.js';
import { functionCallArgs, geminiString } from './gemini-json-values.js';
import { encodeRedacted, encodeSignature } from './gemini-signatures.js';

export function functionCallPart(
  id: string,
  name: string,
  argumentsText: string,
  kind: 'function' | 'custom' | undefined,
  providerMetadata: ProviderMetadata | undefined,
): JsonObject {
  const part: JsonObject = { functionCall: { name, args: functionCallArgs(argumentsText, kind), id } };
  const signature = geminiString(providerMetadata, 'thoughtSignature');
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

export function thoughtPart(text: string, signature: string | undefined, signatureFormat: FormatId | undefined): JsonObject {
  const part: JsonObject = { text, thought: true };
  if (signature !== undefined) part.thoughtSignature = encodeSignature(signature, signatureFormat);
  return part;
}

/** Claude `redacted_thinking` has no Gemini form; it rides as a marked signature (see gemini-signatures.ts). */
export function redactedThoughtPart(data: string): JsonObject {
  return { text: '', thought: true, thoughtSignature: encodeRedacted(data) };
}

/** Whole assistant blocks -> Gemini parts (non-streamed responses). */
export function blockParts(block: AssistantContent): JsonObject[] {
  switch (block.type) {
    case 'text': {
      const signature = geminiString(block.providerMetadata, 'thoughtSignature');
      if (signature !== undefined) return [{ text: block.text, thoughtSignature: signature }];
      return block.text ? [{ text: block.text }] : [];
    }
    case 'reasoning':
      if (block.redactedData !== undefined) return [redactedThoughtPart(block.redactedData)];
      if (!block.text && block.signature === undefined) return [];
      return [thoughtPart(block.text, block.signature, block.signatureFormat)];
    case 'tool-call':
      return [functionCallPart(block.id, block.name, block.arguments, block.kind, block.providerMetadata)];
  }
}

/**
 * One GenerateContentResponse. An empty parts list gets `{text:""}`: @google/genai's chat treats a
 * chunk without parts as an invalid answer and drops the whole turn from its history.
 */
export function responseEnvelope(
  parts: JsonObject[],
  responseId: string,
  modelVersion: string,
  finish?: { finishReason: string; usageMetadata: JsonObject; candidateFields?: JsonObject },
): JsonObject {
  const candidate: JsonObject = { content: { role: 'model', parts: parts.length > 0 ? parts : [{ text: '' }] } };
  if (finish) {
    if (finish.candidateFields) Object.assign(candidate, finish.candidateFields);
    candidate.finishReason = finish.finishReason;
  }
  candidate.index = 0;
  const body: JsonObject = { candidates: [candidate] };
  if (finish) body.usageMetadata = finish.usageMetadata;
  body.modelVersion = modelVersion;
  body.responseId = responseId;
  return body;
}

/**
 * The text of `responseEnvelope([part], responseId, modelVersion)` around the part's JSON: the stream
 * encoder stringifies only the part per delta, since the rest never changes within a stream.
 */
export function onePartEnvelopeText(responseId: string, modelVersion: string): { prefix: string; suffix: string } {
  return {
    prefix: '{"candidates":[{"content":{"role":"model","parts":[',
    suffix: `]},"index":0}],"modelVersion":${JSON.stringify(modelVersion)},"responseId":${JSON.stringify(responseId)}}`,
  };
}
