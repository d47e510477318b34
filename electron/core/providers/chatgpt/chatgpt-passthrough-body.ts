/**
 * A Responses body from a client (Codex CLI, the OpenAI SDK) made acceptable to the Codex backend
 * (protocols.md §2) with the smallest edits: `store` forced to false and `stream` to true (set or
 * added), the fields the backend refuses (`codexRefusedFields`) removed, and a string `input` wrapped
 * as one user message (the backend takes only an item list). Every other byte stays as the client sent
 * it: key order, spacing, number spelling, `encrypted_content`. A compliant body comes back unchanged.
 * Edits are spliced into the text by a small top-level scanner rather than by re-serializing, which
 * would rewrite the whole body (possibly megabytes of images) to change a few fields.
 */
import { codexRefusedFields } from '../../formats/openai-responses/openai-responses-request.js';

interface Member {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

interface ObjectScan {
  open: number;
  members: Member[];
}

interface Edit {
  start: number;
  end: number;
  insert: string;
}

const refused: ReadonlySet<string> = new Set(codexRefusedFields);
const forced: ReadonlyArray<[key: string, value: string]> = [
  ['store', 'false'],
  ['stream', 'true'],
];

function skipWhitespace(text: string, start: number): number {
  let index = start;
  while (index < text.length && ' \n\r\t'.includes(text[index])) index += 1;
  return index;
}

/** Index just past the string starting at `start` (a quote), or -1. */
function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\') index += 2;
    else if (character === '"') return index + 1;
    else index += 1;
  }
  return -1;
}

/** Index just past the JSON value starting at `start`, or -1. */
function skipValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return skipString(text, start);
  if (first === '{' || first === '[') {
    let depth = 0;
    let index = start;
    while (index < text.length) {
      const character = text[index];
      if (character === '"') {
        index = skipString(text, index);
        if (index < 0) return -1;
        continue;
      }
      if (character === '{' || character === '[') depth += 1;
      else if (character === '}' || character === ']') {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
      index += 1;
    }
    return -1;
  }
  let index = start;
  while (index < text.length && !',}] \n\r\t'.includes(text[index])) index += 1;
  return index > start ? index : -1;
}

/** The top-level members of a JSON object text, or undefined when it is not one. */
function scanObject(text: string): ObjectScan | undefined {
  const open = skipWhitespace(text, 0);
  if (text[open] !== '{') return undefined;
  const members: Member[] = [];
  let index = skipWhitespace(text, open + 1);
  if (text[index] === '}') return { open, members };
  for (;;) {
    if (text[index] !== '"') return undefined;
    const keyEnd = skipString(text, index);
    if (keyEnd < 0) return undefined;
    const colon = skipWhitespace(text, keyEnd);
    if (text[colon] !== ':') return undefined;
    const valueStart = skipWhitespace(text, colon + 1);
    const valueEnd = skipValue(text, valueStart);
    if (valueEnd < 0) return undefined;
    members.push({ key: JSON.parse(text.slice(index, keyEnd)) as string, keyStart: index, valueStart, valueEnd });
    const next = skipWhitespace(text, valueEnd);
    if (text[next] === '}') return { open, members };
    if (text[next] !== ',') return undefined;
    index = skipWhitespace(text, next + 1);
  }
}

/** Removes a member with one of its separators, so the object stays valid. */
function removal(members: Member[], index: number): Edit {
  const member = members[index];
  if (index > 0) return { start: members[index - 1].valueEnd, end: member.valueEnd, insert: '' };
  if (members.length > 1) return { start: member.keyStart, end: members[1].keyStart, insert: '' };
  return { start: member.keyStart, end: member.valueEnd, insert: '' };
}

function insertion(scan: ObjectScan, key: string, value: string): Edit {
  const last = scan.members.at(-1);
  const member = `${JSON.stringify(key)}:${value}`;
  return last ? { start: last.valueEnd, end: last.valueEnd, insert: `,${member}` } : { start: scan.open + 1, end: scan.open + 1, insert: member };
}

function nextEdit(text: string, scan: ObjectScan): Edit | undefined {
  const { members } = scan;
  const refusedIndex = members.findIndex((member) => refused.has(member.key));
  if (refusedIndex >= 0) return removal(members, refusedIndex);
  for (const [key, value] of forced) {
    const wrong = members.find((member) => member.key === key && text.slice(member.valueStart, member.valueEnd) !== value);
    if (wrong) return { start: wrong.valueStart, end: wrong.valueEnd, insert: value };
  }
  const input = members.find((member) => member.key === 'input' && text[member.valueStart] === '"');
  if (input) {
    const prompt = JSON.parse(text.slice(input.valueStart, input.valueEnd)) as string;
    const item = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] }];
    return { start: input.valueStart, end: input.valueEnd, insert: JSON.stringify(item) };
  }
  for (const [key, value] of forced) {
    if (!members.some((member) => member.key === key)) return insertion(scan, key, value);
  }
  return undefined;
}

export function prepareCodexPassthroughBody(bodyText: string): string {
  let text = bodyText;
  // Each pass makes one edit and rescans; a body needs at most a handful.
  for (let pass = 0; pass < 64; pass += 1) {
    const scan = scanObject(text);
    // Not an object this scanner reads: the route already validated the JSON, so leave it to the backend's 400.
    if (!scan) return text;
    const edit = nextEdit(text, scan);
    if (!edit) return text;
    text = text.slice(0, edit.start) + edit.insert + text.slice(edit.end);
  }
  return text;
}
