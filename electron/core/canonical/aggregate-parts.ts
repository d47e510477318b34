/**
 * Parts <-> whole response. A non-streaming client served from a stream aggregates the parts; a
 * streaming client served by a non-streaming upstream replays the response as parts. One mapper
 * per format (its stream encoder/decoder) then covers both shapes.
 */
import type { AssistantContent } from './canonical-request.js';
import type { CanonicalPart } from './canonical-parts.js';
import type { CanonicalResponse } from './canonical-response.js';
import { mergeUsage, emptyUsage } from './canonical-usage.js';
import type { ErrorShape } from '../../../shared/errors.js';

export interface PartAggregator {
  push(part: CanonicalPart): void;
  /** The error part, if the stream carried one. */
  readonly error: ErrorShape | undefined;
  result(): CanonicalResponse;
}

export function createPartAggregator(defaults: { id: string; model: string; created: number }): PartAggregator {
  const response: CanonicalResponse = {
    id: defaults.id,
    model: defaults.model,
    created: defaults.created,
    content: [],
    finishReason: 'stop',
    usage: emptyUsage(),
  };
  const openBlocks = new Map<string, AssistantContent>();
  let error: ErrorShape | undefined;
  let sawFinish = false;

  return {
    push(part) {
      switch (part.type) {
        case 'response-start':
          response.id = part.id || response.id;
          response.model = part.model || response.model;
          response.created = part.created || response.created;
          if (part.providerMetadata) response.providerMetadata = part.providerMetadata;
          return;
        case 'text-start': {
          const block: AssistantContent = { type: 'text', text: '' };
          openBlocks.set(`text:${part.id}`, block);
          response.content.push(block);
          return;
        }
        case 'text-delta': {
          const block = openBlocks.get(`text:${part.id}`) ?? startImplicit(`text:${part.id}`, { type: 'text', text: '' });
          if (block.type === 'text') block.text += part.delta;
          return;
        }
        case 'text-end': {
          const block = openBlocks.get(`text:${part.id}`);
          if (block?.type === 'text' && part.providerMetadata) block.providerMetadata = part.providerMetadata;
          return;
        }
        case 'reasoning-start': {
          const block: AssistantContent = { type: 'reasoning', text: '' };
          if (part.redactedData !== undefined) block.redactedData = part.redactedData;
          openBlocks.set(`reasoning:${part.id}`, block);
          response.content.push(block);
          return;
        }
        case 'reasoning-delta': {
          const block =
            openBlocks.get(`reasoning:${part.id}`) ?? startImplicit(`reasoning:${part.id}`, { type: 'reasoning', text: '' });
          if (block.type === 'reasoning') block.text += part.delta;
          return;
        }
        case 'reasoning-end': {
          const block =
            openBlocks.get(`reasoning:${part.id}`) ?? startImplicit(`reasoning:${part.id}`, { type: 'reasoning', text: '' });
          if (block.type === 'reasoning') {
            if (part.signature !== undefined) block.signature = part.signature;
            if (part.signatureFormat !== undefined) block.signatureFormat = part.signatureFormat;
            if (part.providerMetadata) block.providerMetadata = part.providerMetadata;
          }
          return;
        }
        case 'tool-input-start': {
          const block: AssistantContent = { type: 'tool-call', id: part.id, name: part.toolName, arguments: '' };
          if (part.kind === 'custom') block.kind = 'custom';
          openBlocks.set(`tool:${part.id}`, block);
          response.content.push(block);
          return;
        }
        case 'tool-input-delta': {
          const block = openBlocks.get(`tool:${part.id}`);
          if (block?.type === 'tool-call') block.arguments += part.delta;
          return;
        }
        case 'tool-input-end': {
          const block = openBlocks.get(`tool:${part.id}`);
          if (block?.type === 'tool-call' && part.providerMetadata) block.providerMetadata = part.providerMetadata;
          return;
        }
        case 'usage':
          response.usage = mergeUsage(response.usage, part.usage);
          return;
        case 'finish':
          sawFinish = true;
          response.finishReason = part.finishReason;
          if (part.rawFinishReason !== undefined) response.rawFinishReason = part.rawFinishReason;
          if (part.stopSequence !== undefined) response.stopSequence = part.stopSequence;
          if (part.usage) response.usage = mergeUsage(response.usage, part.usage);
          return;
        case 'error':
          error = part.error;
          return;
      }
    },
    get error() {
      return error;
    },
    result() {
      if (!sawFinish && response.content.some((block) => block.type === 'tool-call')) response.finishReason = 'tool-calls';
      return response;
    },
  };

  function startImplicit(key: string, block: AssistantContent): AssistantContent {
    openBlocks.set(key, block);
    response.content.push(block);
    return block;
  }
}

export function aggregateParts(
  parts: Iterable<CanonicalPart>,
  defaults: { id: string; model: string; created: number },
): CanonicalResponse {
  const aggregator = createPartAggregator(defaults);
  for (const part of parts) aggregator.push(part);
  return aggregator.result();
}

/** Replay a whole response as the parts a stream would have carried. */
export function responseToParts(response: CanonicalResponse): CanonicalPart[] {
  const parts: CanonicalPart[] = [{ type: 'response-start', id: response.id, model: response.model, created: response.created }];
  response.content.forEach((block, index) => {
    const id = block.type === 'tool-call' ? block.id : String(index);
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text-start', id });
        if (block.text) parts.push({ type: 'text-delta', id, delta: block.text });
        parts.push(block.providerMetadata ? { type: 'text-end', id, providerMetadata: block.providerMetadata } : { type: 'text-end', id });
        return;
      case 'reasoning': {
        parts.push(block.redactedData !== undefined ? { type: 'reasoning-start', id, redactedData: block.redactedData } : { type: 'reasoning-start', id });
        if (block.text) parts.push({ type: 'reasoning-delta', id, delta: block.text });
        const end: CanonicalPart = { type: 'reasoning-end', id };
        if (block.signature !== undefined) end.signature = block.signature;
        if (block.signatureFormat !== undefined) end.signatureFormat = block.signatureFormat;
        if (block.providerMetadata) end.providerMetadata = block.providerMetadata;
        parts.push(end);
        return;
      }
      case 'tool-call':
        parts.push(
          block.kind === 'custom'
            ? { type: 'tool-input-start', id, toolName: block.name, kind: 'custom' }
            : { type: 'tool-input-start', id, toolName: block.name },
        );
        if (block.arguments) parts.push({ type: 'tool-input-delta', id, delta: block.arguments });
        parts.push(block.providerMetadata ? { type: 'tool-input-end', id, providerMetadata: block.providerMetadata } : { type: 'tool-input-end', id });
        return;
    }
  });
  const finish: CanonicalPart = { type: 'finish', finishReason: response.finishReason, usage: response.usage };
  if (response.rawFinishReason !== undefined) finish.rawFinishReason = response.rawFinishReason;
  if (response.stopSequence !== undefined) finish.stopSequence = response.stopSequence;
  parts.push(finish);
  return parts;
}
