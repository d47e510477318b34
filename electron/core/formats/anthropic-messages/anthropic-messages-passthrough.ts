/**
 * Passthrough bodies for an Anthropic upstream. A client served earlier by another upstream holds
 * thinking blocks signed `sy:<format>:…` or `sy:none:` (see anthropic-messages-signature.ts); Claude
 * rejects any signature it did not mint, so those blocks are dropped (and, once the body is parsed for
 * that, thinking blocks with no signature at all). Everything else stays byte for byte: the body is
 * only parsed when it holds a `sy:` value and re-serialized only when a block was actually dropped.
 */
import { isRecord } from '../../canonical/json-values.js';
import { isProofMarker, quotedProofMarker } from '../../canonical/reasoning-proof.js';

function isForeignThinking(block: unknown): boolean {
  if (!isRecord(block) || block.type !== 'thinking') return false;
  return typeof block.signature !== 'string' || block.signature === '' || isProofMarker(block.signature);
}

function startsWithThinking(content: unknown[]): boolean {
  const first = content[0];
  return isRecord(first) && (first.type === 'thinking' || first.type === 'redacted_thinking');
}

export function dropForeignThinking(bodyText: string): string {
  if (!bodyText.includes(quotedProofMarker)) return bodyText;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return bodyText;
  }
  if (!isRecord(body) || !Array.isArray(body.messages)) return bodyText;
  let dropped = false;
  const messages: unknown[] = [];
  for (const message of body.messages) {
    if (!isRecord(message) || message.role !== 'assistant' || !Array.isArray(message.content) || !message.content.some(isForeignThinking)) {
      messages.push(message);
      continue;
    }
    dropped = true;
    const content = message.content.filter((block) => !isForeignThinking(block));
    // An assistant turn that held only foreign thinking goes; the API joins the user turns around it.
    if (content.length > 0) messages.push({ ...message, content });
  }
  if (!dropped) return bodyText;
  body.messages = messages;
  // With thinking on, Claude wants a tool-use turn to open with thinking: without it, turn thinking off
  // (as buildRequest does for history from another upstream).
  const lastAssistant = messages.findLast((message) => isRecord(message) && message.role === 'assistant');
  const content = isRecord(lastAssistant) && Array.isArray(lastAssistant.content) ? lastAssistant.content : [];
  const usesTools = content.some((block) => isRecord(block) && block.type === 'tool_use');
  if (usesTools && !startsWithThinking(content) && isRecord(body.thinking) && body.thinking.type !== 'disabled') delete body.thinking;
  return JSON.stringify(body);
}
