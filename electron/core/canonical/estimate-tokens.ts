/**
 * A local token estimate for upstreams that cannot count (about four characters a token, the
 * common rule of thumb). Callers mark the result as an estimate.
 */
import type { CanonicalRequest } from './canonical-request.js';

const charactersPerToken = 4;
const imageTokens = 1_000;

export function estimateInputTokens(request: CanonicalRequest): number {
  let characters = 0;
  let images = 0;
  for (const block of request.system) characters += block.text.length;
  for (const tool of request.tools) {
    if (tool.type === 'function') characters += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
    else if (tool.type === 'custom') characters += tool.name.length + (tool.description?.length ?? 0);
  }
  for (const message of request.messages) {
    for (const block of message.content) {
      switch (block.type) {
        case 'text':
          characters += block.text.length;
          break;
        case 'reasoning':
          characters += block.text.length;
          break;
        case 'tool-call':
          characters += block.name.length + block.arguments.length;
          break;
        case 'tool-result':
          for (const part of block.content) {
            if (part.type === 'text') characters += part.text.length;
            else images += 1;
          }
          break;
        case 'image':
        case 'file':
          images += 1;
          break;
      }
    }
  }
  return estimateTokensForCharacters(characters) + images * imageTokens + request.messages.length * 3;
}

export function estimateTokensForCharacters(characters: number): number {
  return Math.ceil(characters / charactersPerToken);
}
