/**
 * Most frames of a streamed answer are one string delta in an envelope that never changes
 * (`{"id":"chatcmpl-1",…,"delta":{"content":"…"},…}`). A DeltaTemplate learns that envelope from a
 * frame its decoder parsed in full, then recognises later frames that are byte for byte the same
 * envelope around one JSON string, and hands back that string without a JSON.parse of the frame.
 * A frame that differs anywhere outside the string is not matched and takes the full parse, so the
 * decoder's behaviour is exactly what it was; this only removes work. Pure string code, no regex.
 */

/** Index just past the JSON string literal starting at `start` (a quote), or -1 if it does not close. */
function skipString(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 92 /* \ */) index++;
    else if (code === 34 /* " */) return index + 1;
  }
  return -1;
}

function skipWhitespace(text: string, start: number): number {
  let index = start;
  for (; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
  }
  return index;
}

/** The span of the string value of the only `key` in `text`; undefined when the key is absent, repeated or not a string. */
export function onlyStringValueSpan(text: string, key: string): { start: number; end: number } | undefined {
  const quotedKey = JSON.stringify(key);
  let span: { start: number; end: number } | undefined;
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) !== 34) continue;
    const end = skipString(text, index);
    if (end < 0) return undefined;
    const colon = skipWhitespace(text, end);
    if (text.charCodeAt(colon) === 58 /* : */ && end - index === quotedKey.length && text.startsWith(quotedKey, index)) {
      if (span) return undefined;
      const valueStart = skipWhitespace(text, colon + 1);
      if (text.charCodeAt(valueStart) !== 34) return undefined;
      const valueEnd = skipString(text, valueStart);
      if (valueEnd < 0) return undefined;
      span = { start: valueStart, end: valueEnd };
      index = valueEnd - 1;
      continue;
    }
    index = end - 1;
  }
  return span;
}

/** A frame is re-learnt at most this often per stream; past that the stream simply takes full parses. */
const maxLearns = 16;

export class DeltaTemplate<Tag> {
  private prefix = '';
  private suffix = '';
  private learns = 0;
  /** What the decoder stored with the envelope (e.g. the block index it belongs to). */
  tag: Tag | undefined;

  /** False once the stream has re-learnt too often (its envelopes keep changing). */
  get learning(): boolean {
    return this.learns < maxLearns;
  }

  /** Remember `text`'s envelope around the string value of `key`, which must be its only `key`. */
  learn(text: string, key: string, tag: Tag): void {
    if (this.learns >= maxLearns) return;
    this.learns++;
    const span = onlyStringValueSpan(text, key);
    if (!span) {
      this.prefix = '';
      return;
    }
    this.prefix = text.slice(0, span.start);
    this.suffix = text.slice(span.end);
    this.tag = tag;
  }

  /** The delta string when `text` is the learnt envelope around exactly one JSON string, else undefined. */
  match(text: string): string | undefined {
    const start = this.prefix.length;
    const end = text.length - this.suffix.length;
    // Comparing slices is memcmp-fast; String#startsWith walks a long prefix character by character.
    if (start === 0 || end - start < 2 || text.slice(0, start) !== this.prefix || text.slice(end) !== this.suffix) return undefined;
    if (text.charCodeAt(start) !== 34 || text.charCodeAt(end - 1) !== 34) return undefined;
    for (let index = start + 1; index < end - 1; index++) {
      const code = text.charCodeAt(index);
      // A quote here means more than one token; an escape or control character needs JSON's own rules.
      if (code === 34) return undefined;
      if (code === 92 || code < 32) return decodeStringLiteral(text.slice(start, end));
    }
    return text.slice(start + 1, end - 1);
  }
}

function decodeStringLiteral(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
