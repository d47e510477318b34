/**
 * Body checks of the fake Anthropic Messages API, with the real API's error messages where they are known,
 * so a translator that drops a tool_result or forges a thinking signature fails here as it would in production.
 */
import { isRecord } from './fake-reply.js';

const DOCS = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

export interface AnthropicValidationContext {
  /** count_tokens does not take max_tokens. */
  requireMaxTokens: boolean;
  issuedSignatures: ReadonlySet<string>;
}

/** Returns the 400 invalid_request_error message, or undefined when the body is acceptable. */
export function validateAnthropicBody(body: unknown, context: AnthropicValidationContext): string | undefined {
  if (!isRecord(body)) return 'There was an error parsing the body of your request.';
  if (typeof body.model !== 'string' || body.model.length === 0) return 'model: Field required';
  if (context.requireMaxTokens) {
    if (body.max_tokens === undefined) return 'max_tokens: Field required';
    if (!Number.isInteger(body.max_tokens)) return 'max_tokens: Input should be a valid integer';
    if ((body.max_tokens as number) < 1) return 'max_tokens: Input should be greater than or equal to 1';
  }
  if (body.messages === undefined) return 'messages: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Input should be a valid list';
  if (body.messages.length === 0) return 'messages: at least one message is required';
  return (
    shapeError(body.messages) ??
    toolPairingError(body.messages as Array<Record<string, unknown>>) ??
    signatureError(body.messages as Array<Record<string, unknown>>, context.issuedSignatures) ??
    thinkingConfigError(body) ??
    toolsError(body.tools)
  );
}

function shapeError(messages: unknown[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (!isRecord(message)) return `messages.${index}: Input should be a valid dictionary`;
    if (message.role === 'system') {
      return `messages.${index}.role: Unexpected role "system". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`;
    }
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    if (typeof message.content === 'string') continue;
    if (!Array.isArray(message.content)) return `messages.${index}.content: Input should be a valid list`;
    for (const [blockIndex, block] of message.content.entries()) {
      if (!isRecord(block) || typeof block.type !== 'string') return `messages.${index}.content.${blockIndex}.type: Field required`;
    }
  }
  return undefined;
}

function blocksOf(message: Record<string, unknown>): Array<Record<string, unknown>> {
  return Array.isArray(message.content) ? (message.content as Array<Record<string, unknown>>) : [];
}

/** Every tool_use must be answered by tool_result blocks at the start of the very next (user) message, and vice versa. */
function toolPairingError(messages: Array<Record<string, unknown>>): string | undefined {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    const previous = index > 0 ? messages[index - 1] : undefined;
    const offered =
      previous?.role === 'assistant' ? blocksOf(previous).filter((block) => block.type === 'tool_use').map((block) => String(block.id)) : [];
    if (message.role === 'user') {
      for (const [blockIndex, block] of blocksOf(message).entries()) {
        if (block.type === 'tool_result' && !offered.includes(String(block.tool_use_id))) {
          return `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
        }
      }
    }
    if (message.role !== 'assistant') continue;
    const toolUseIds = blocksOf(message).filter((block) => block.type === 'tool_use').map((block) => String(block.id));
    if (toolUseIds.length === 0) continue;
    const next = messages[index + 1];
    const leadingResults = new Set<string>();
    if (next?.role === 'user') {
      for (const block of blocksOf(next)) {
        if (block.type !== 'tool_result') break;
        leadingResults.add(String(block.tool_use_id));
      }
    }
    const missing = toolUseIds.filter((id) => !leadingResults.has(id));
    if (missing.length > 0) {
      return `messages.${index + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

/** Thinking blocks replayed in history must carry a signature this fake issued. */
function signatureError(messages: Array<Record<string, unknown>>, issued: ReadonlySet<string>): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'assistant') continue;
    for (const [blockIndex, block] of blocksOf(message).entries()) {
      if (block.type !== 'thinking') continue;
      if (typeof block.signature !== 'string') return `messages.${index}.content.${blockIndex}.thinking.signature: Field required`;
      if (!issued.has(block.signature)) return `messages.${index}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  return undefined;
}

function thinkingConfigError(body: Record<string, unknown>): string | undefined {
  const thinking = body.thinking;
  if (thinking === undefined) return undefined;
  if (!isRecord(thinking)) return 'thinking: Input should be a valid dictionary';
  if (thinking.type === 'disabled') return undefined;
  if (thinking.type !== 'enabled' && thinking.type !== 'adaptive') {
    return "thinking: Input tag does not match any of the expected tags: 'disabled', 'enabled', 'adaptive'";
  }
  // The real API allows temperature only when it is exactly 1 (its default) while thinking.
  if (body.temperature !== undefined && body.temperature !== 1) {
    return `\`temperature\` may only be set to 1 when thinking is enabled. ${DOCS}#feature-compatibility`;
  }
  if (thinking.type === 'enabled') {
    const budget = thinking.budget_tokens;
    if (!Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
    if ((budget as number) < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (typeof body.max_tokens === 'number' && body.max_tokens <= (budget as number)) {
      return `\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${DOCS}#max-tokens-and-context-window-size`;
    }
  }
  return undefined;
}

function toolsError(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  for (const [index, tool] of tools.entries()) {
    if (!isRecord(tool)) return `tools.${index}: Input should be a valid dictionary`;
    if (typeof tool.name !== 'string' || !/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) {
      return `tools.${index}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    }
    // Server tools (web_search_…, bash_…) carry a versioned type and no input_schema.
    const isCustom = tool.type === undefined || tool.type === 'custom';
    if (isCustom && !isRecord(tool.input_schema)) return `tools.${index}.custom.input_schema: Field required`;
  }
  return undefined;
}
