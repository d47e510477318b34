/**
 * Body checks of the fake Codex backend. Codex-specific refusals use its `{"detail":…}` shape; Responses-level
 * input errors use the OpenAI `{"error":{…}}` shape with the public API's messages.
 */
import { isRecord } from './fake-reply.js';

const REFUSED_PARAMETERS = ['temperature', 'top_p', 'max_output_tokens'];
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;

/** Returns the 400 body, or undefined when the body is acceptable. */
export function validateCodexBody(body: unknown, issuedEncryptedContents: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (!isRecord(body)) return { detail: 'Invalid JSON body' };
  if (body.store !== undefined && body.store !== false) return { detail: 'Store must be set to false' };
  if (body.stream !== true) return { detail: 'Stream must be set to true' };
  for (const parameter of REFUSED_PARAMETERS) {
    if (body[parameter] !== undefined) return { detail: `Unsupported parameter: ${parameter}` };
  }
  if (typeof body.model !== 'string' || body.model.length === 0) return invalid("Missing required parameter: 'model'.", 'model');
  if (!Array.isArray(body.input)) return invalid("Invalid type for 'input': expected an array.", 'input');
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    // With store:false nothing is persisted, so a previous response can never be found.
    return invalid(`Previous response with id '${String(body.previous_response_id)}' not found.`, 'previous_response_id');
  }
  return inputError(body.input, issuedEncryptedContents) ?? toolsError(body.tools);
}

function invalid(message: string, param: string | null, code: string | null = null): Record<string, unknown> {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

/** Outputs must answer a call made earlier in the same input; reasoning must carry content this fake encrypted. */
function inputError(input: unknown[], issued: ReadonlySet<string>): Record<string, unknown> | undefined {
  const calls = new Set<string>();
  for (const [index, item] of input.entries()) {
    if (!isRecord(item)) return invalid(`Invalid type for 'input[${index}]': expected an object.`, `input[${index}]`);
    const type = item.type ?? 'message';
    if (type === 'function_call' || type === 'custom_tool_call') {
      calls.add(String(item.call_id));
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      if (!calls.has(String(item.call_id))) {
        return invalid(`No tool call found for function call output with call_id ${String(item.call_id)}.`, 'input');
      }
    } else if (type === 'reasoning') {
      if (typeof item.encrypted_content !== 'string') {
        return invalid(
          `Item with id '${String(item.id)}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
          'input',
        );
      }
      if (!issued.has(item.encrypted_content)) {
        return invalid(`The encrypted content for item input[${index}] could not be verified.`, 'input', 'invalid_encrypted_content');
      }
    } else if (type === 'message') {
      if (!['user', 'assistant', 'system', 'developer'].includes(String(item.role))) {
        return invalid(`Invalid value: '${String(item.role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`, `input[${index}].role`);
      }
    }
  }
  return undefined;
}

function toolsError(tools: unknown): Record<string, unknown> | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return invalid("Invalid type for 'tools': expected an array.", 'tools');
  for (const [index, tool] of tools.entries()) {
    if (!isRecord(tool) || tool.type !== 'function') continue;
    const name = String(tool.name);
    if (name.length > 64) {
      return invalid(`Invalid 'tools[${index}].name': string too long. Expected a string with maximum length 64, but got a string with length ${name.length} instead.`, `tools[${index}].name`, 'string_above_max_length');
    }
    if (!TOOL_NAME_PATTERN.test(name)) {
      return invalid(`Invalid 'tools[${index}].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `tools[${index}].name`, 'invalid_value');
    }
  }
  return undefined;
}
