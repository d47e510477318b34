/**
 * Passthrough rewrites only the top-level `"model"` value and leaves every other byte of the body as
 * the client sent it (exotic fields, key order, number spelling). A small scanner finds the value span.
 */

/** Index just past the JSON string starting at `start` (which must be a quote). */
function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character === 92 /* \ */) index += 2;
    else if (character === 34 /* " */) return index + 1;
    else index += 1;
  }
  return -1;
}

function skipWhitespace(text: string, start: number): number {
  let index = start;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character !== 32 && character !== 10 && character !== 13 && character !== 9) break;
    index += 1;
  }
  return index;
}

/** Returns the rewritten text, or undefined when the body has no top-level string `key`. */
export function replaceTopLevelString(text: string, key: string, value: string): string | undefined {
  const quotedKey = JSON.stringify(key);
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const character = text.charCodeAt(index);
    if (character === 34) {
      const end = skipString(text, index);
      if (end < 0) return undefined;
      if (depth === 1 && text.slice(index, end) === quotedKey) {
        const colon = skipWhitespace(text, end);
        if (text.charCodeAt(colon) === 58 /* : */) {
          const valueStart = skipWhitespace(text, colon + 1);
          if (text.charCodeAt(valueStart) !== 34) return undefined;
          const valueEnd = skipString(text, valueStart);
          if (valueEnd < 0) return undefined;
          return text.slice(0, valueStart) + JSON.stringify(value) + text.slice(valueEnd);
        }
      }
      index = end;
      continue;
    }
    if (character === 123 || character === 91) depth += 1;
    else if (character === 125 || character === 93) depth -= 1;
    index += 1;
  }
  return undefined;
}
