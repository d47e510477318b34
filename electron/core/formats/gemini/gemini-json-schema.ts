/**
 * Tool parameter schemas between standard JSON Schema (canonical) and Gemini's OpenAPI-style subset.
 *
 * Gemini's `parameters` accepts only the Schema object's own keywords and answers anything else with
 * a 400 ("Unknown name", "should be non-empty for OBJECT type", "enum: only allowed for STRING type"),
 * so cleaning keeps an allow-list rather than chasing the keywords other clients send.
 */
import type { JsonObject, JsonValue } from '../../canonical/canonical-request.js';
import { isJsonObject } from '../../canonical/json-values.js';

/** The keywords of Gemini's Schema object. */
const geminiSchemaKeys: ReadonlySet<string> = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);

/** The `format` values Gemini accepts, per type. */
const allowedFormats: Record<string, ReadonlySet<string>> = {
  string: new Set(['enum', 'date-time']),
  number: new Set(['float', 'double']),
  integer: new Set(['int32', 'int64']),
};

interface CleanState {
  definitions: JsonObject;
  /** Names of `$ref`s being inlined, to cut recursion. */
  expanding: Set<string>;
}

/** Canonical JSON Schema -> a schema Gemini's `parameters` accepts. */
export function cleanSchemaForGemini(schema: JsonObject): JsonObject {
  const definitions: JsonObject = {};
  for (const key of ['definitions', '$defs']) {
    const group = schema[key];
    if (isJsonObject(group)) Object.assign(definitions, group);
  }
  return cleanNode(schema, { definitions, expanding: new Set() });
}

function lookupDefinition(reference: string, state: CleanState): { name: string; target: JsonObject } | undefined {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(reference);
  const name = match?.[1];
  const target = name === undefined ? undefined : state.definitions[name];
  return name !== undefined && isJsonObject(target) ? { name, target } : undefined;
}

function cleanReference(node: JsonObject, reference: string, state: CleanState): JsonObject {
  const siblings: JsonObject = { ...node };
  delete siblings.$ref;
  const found = lookupDefinition(reference, state);
  if (!found || state.expanding.has(found.name)) {
    // Unresolvable or recursive: an untyped object is the closest thing Gemini takes.
    return cleanNode({ type: 'object', ...siblings }, state);
  }
  state.expanding.add(found.name);
  const inlined = cleanNode({ ...found.target, ...siblings }, state);
  state.expanding.delete(found.name);
  return inlined;
}

function mergeAllOf(node: JsonObject, state: CleanState): JsonObject {
  const parts = node.allOf;
  if (!Array.isArray(parts)) return node;
  const merged: JsonObject = { ...node };
  delete merged.allOf;
  for (const entry of parts) {
    if (!isJsonObject(entry)) continue;
    const part = typeof entry.$ref === 'string' ? (lookupDefinition(entry.$ref, state)?.target ?? { type: 'object' }) : entry;
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isJsonObject(value)) {
        merged.properties = { ...(isJsonObject(merged.properties) ? merged.properties : {}), ...value };
      } else if (key === 'required' && Array.isArray(value)) {
        merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])];
      } else if (!(key in merged)) {
        merged[key] = value;
      }
    }
  }
  return merged;
}

function cleanNode(input: JsonObject, state: CleanState): JsonObject {
  if (typeof input.$ref === 'string') return cleanReference(input, input.$ref, state);
  const node = mergeAllOf(input, state);
  const out: JsonObject = {};
  let nullable = node.nullable === true;

  // Types: a type list with `null` becomes `nullable`; several other types become anyOf.
  let type: string | undefined;
  const anyOf: JsonObject[] = [];
  if (typeof node.type === 'string') {
    if (node.type === 'null') nullable = true;
    else type = node.type.toLowerCase();
  } else if (Array.isArray(node.type)) {
    const types = node.type.filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.toLowerCase());
    if (types.includes('null')) nullable = true;
    const others = types.filter((entry) => entry !== 'null');
    if (others.length === 1) type = others[0];
    else for (const other of others) anyOf.push({ type: other });
  }

  // oneOf reads as anyOf. Next to an explicit single type the alternatives are mere constraints
  // (`{type: string, anyOf: [{format}, ...]}`): only their nullability is kept.
  const alternatives = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (alternatives) {
    for (const alternative of alternatives) {
      if (!isJsonObject(alternative)) continue;
      const cleaned = cleanNode(alternative, state);
      if (cleaned.type === undefined && cleaned.nullable === true && Object.keys(cleaned).length === 1) nullable = true;
      else if (type === undefined) anyOf.push(cleaned);
    }
  }

  if (type === undefined && anyOf.length === 0) {
    if (isJsonObject(node.properties)) type = 'object';
    else if (node.items !== undefined) type = 'array';
  }

  for (const [key, value] of Object.entries(node)) {
    if (!geminiSchemaKeys.has(key)) continue;
    switch (key) {
      case 'type':
      case 'nullable':
      case 'anyOf':
        break;
      case 'properties':
        if (isJsonObject(value)) {
          const properties: JsonObject = {};
          for (const [name, property] of Object.entries(value)) {
            if (isJsonObject(property)) properties[name] = cleanNode(property, state);
          }
          // Gemini refuses an empty `properties` map ("should be non-empty for OBJECT type").
          if (Object.keys(properties).length > 0) out.properties = properties;
        }
        break;
      case 'items': {
        const items = Array.isArray(value) ? value[0] : value;
        if (isJsonObject(items)) out.items = cleanNode(items, state);
        break;
      }
      case 'enum':
        if (Array.isArray(value)) {
          if (value.includes(null)) nullable = true;
          const values = value.filter((entry) => entry !== null);
          // Gemini takes string enums only; a non-string enum is dropped rather than retyped.
          if (values.length > 0 && values.every((entry) => typeof entry === 'string')) out.enum = values;
        }
        break;
      case 'format':
        if (typeof value === 'string' && type !== undefined && allowedFormats[type]?.has(value)) out.format = value;
        break;
      case 'default':
        // Gemini refuses null and structured defaults; a scalar default is kept.
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.default = value;
        break;
      default:
        out[key] = value;
    }
  }

  if (out.enum === undefined && typeof node.const === 'string') out.enum = [node.const];
  if (out.enum !== undefined && type === undefined && anyOf.length === 0) type = 'string';

  if (Array.isArray(out.required)) {
    const names = isJsonObject(out.properties) ? out.properties : {};
    const required = out.required.filter((name): name is string => typeof name === 'string' && name in names);
    if (required.length > 0) out.required = required;
    else delete out.required;
  }

  if (anyOf.length === 1 && type === undefined) {
    // A single alternative left (e.g. `anyOf: [X, {type: null}]`) folds into its parent.
    for (const [key, value] of Object.entries(anyOf[0])) if (!(key in out)) out[key] = value;
  } else if (anyOf.length > 0) {
    if (type !== undefined) anyOf.unshift({ type });
    out.anyOf = anyOf;
    delete out.type;
  }
  if (type !== undefined && out.anyOf === undefined) out.type = type;
  if (nullable) out.nullable = true;
  return out;
}

/** Gemini Schema (upper-case types, `nullable`) -> standard JSON Schema, recursively. */
export function normalizeGeminiSchema(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case 'type':
        if (typeof value === 'string') {
          if (value.toUpperCase() !== 'TYPE_UNSPECIFIED') out.type = value.toLowerCase();
        } else if (Array.isArray(value)) {
          out.type = value.map((entry) => (typeof entry === 'string' ? entry.toLowerCase() : entry));
        }
        break;
      case 'nullable':
        break;
      case 'format':
        if (value !== 'enum') out.format = value;
        break;
      case 'properties':
      case '$defs':
      case 'definitions':
        out[key] = isJsonObject(value) ? mapValues(value) : value;
        break;
      case 'items':
      case 'additionalProperties':
      case 'not':
        out[key] = isJsonObject(value) ? normalizeGeminiSchema(value) : Array.isArray(value) ? normalizeList(value) : value;
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
      case 'prefixItems':
        out[key] = Array.isArray(value) ? normalizeList(value) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}

function mapValues(record: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(record)) out[name] = isJsonObject(value) ? normalizeGeminiSchema(value) : value;
  return out;
}

function normalizeList(list: JsonValue[]): JsonValue[] {
  return list.map((entry) => (isJsonObject(entry) ? normalizeGeminiSchema(entry) : entry));
}
