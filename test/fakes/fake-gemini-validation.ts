/**
 * Body checks of the fake Gemini API (protocols.md §4): leading user content, proto-style schema fields only,
 * and thought signatures on replayed function calls.
 */
import { isRecord } from './fake-reply.js';

/** The literal Gemini accepts in place of a real signature (used by CLIProxyAPI for replayed calls). */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';
const UNKNOWN_SCHEMA_FIELDS = ['$schema', 'additionalProperties', '$comment'];

/** Returns the INVALID_ARGUMENT message, or undefined when the body is acceptable. */
export function validateGeminiBody(body: unknown, issuedSignatures: ReadonlySet<string>): string | undefined {
  if (!isRecord(body)) return 'Invalid JSON payload received. Unexpected token.';
  return contentsError(body.contents) ?? toolsError(body.tools) ?? signatureError(body.contents as unknown[], issuedSignatures);
}

export function contentsError(contents: unknown): string | undefined {
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified\n';
  for (const [index, content] of contents.entries()) {
    if (!isRecord(content)) return `Invalid JSON payload received. Unknown name at 'contents[${index}]'.`;
    if (content.role !== 'user' && content.role !== 'model') return 'Please use a valid role: user, model.';
    if (index === 0 && content.role !== 'user') {
      return 'Please ensure that multiturn requests alternate between user and model, starting with a user turn.';
    }
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      return `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`;
    }
  }
  return undefined;
}

function toolsError(tools: unknown): string | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return "Invalid JSON payload received. Unknown name \"tools\": Proto field is not repeating, cannot start list.";
  for (const [toolIndex, tool] of tools.entries()) {
    if (!isRecord(tool)) continue;
    const declarations = tool.functionDeclarations ?? tool.function_declarations;
    if (!Array.isArray(declarations)) continue;
    for (const [declarationIndex, declaration] of declarations.entries()) {
      if (!isRecord(declaration) || declaration.parameters === undefined) continue;
      const path = `tools[${toolIndex}].function_declarations[${declarationIndex}].parameters`;
      const error = schemaError(declaration.parameters, path);
      if (error) return error;
    }
  }
  return undefined;
}

/** Gemini's `parameters` is an OpenAPI-subset proto: JSON-Schema-only keywords are unknown fields. */
function schemaError(schema: unknown, path: string): string | undefined {
  if (Array.isArray(schema)) {
    for (const [index, entry] of schema.entries()) {
      const error = schemaError(entry, `${path}[${index}]`);
      if (error) return error;
    }
    return undefined;
  }
  if (!isRecord(schema)) return undefined;
  for (const name of UNKNOWN_SCHEMA_FIELDS) {
    if (name in schema) return `Invalid JSON payload received. Unknown name "${name}" at '${path}': Cannot find field.`;
  }
  for (const [key, value] of Object.entries(schema)) {
    // Keys of `properties` are user field names, not schema keywords: only their values are schemas.
    if (key === 'properties' && isRecord(value)) {
      for (const [property, propertySchema] of Object.entries(value)) {
        const error = schemaError(propertySchema, `${path}.properties[${property}].value`);
        if (error) return error;
      }
    } else if (typeof value === 'object') {
      const error = schemaError(value, `${path}.${key}`);
      if (error) return error;
    }
  }
  return undefined;
}

function signatureError(contents: unknown[], issued: ReadonlySet<string>): string | undefined {
  let position = 0;
  for (const content of contents) {
    if (!isRecord(content) || !Array.isArray(content.parts)) continue;
    for (const part of content.parts) {
      position++;
      if (!isRecord(part) || !isRecord(part.functionCall) || content.role !== 'model') continue;
      const signature = part.thoughtSignature ?? part.thought_signature;
      const name = String(part.functionCall.name);
      if (typeof signature !== 'string') {
        return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
      }
      if (signature !== SKIP_THOUGHT_SIGNATURE && !issued.has(signature)) return 'Corrupted thought signature.';
    }
  }
  return undefined;
}
