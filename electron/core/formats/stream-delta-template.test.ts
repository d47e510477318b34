import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeltaTemplate, onlyStringValueSpan } from './stream-delta-template.js';

const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

function learnt(): DeltaTemplate<number> {
  const template = new DeltaTemplate<number>();
  template.learn(chunk('first'), 'content', 7);
  return template;
}

describe('DeltaTemplate', () => {
  it('finds the only string value of a key, and refuses repeated or non-string ones', () => {
    const text = '{"a":"x","content":"he\\"llo","b":{"content_x":"y"}}';
    const span = onlyStringValueSpan(text, 'content');
    expect(span && text.slice(span.start, span.end)).toBe('"he\\"llo"');
    expect(onlyStringValueSpan('{"content":"a","x":{"content":"b"}}', 'content')).toBeUndefined();
    expect(onlyStringValueSpan('{"content":1}', 'content')).toBeUndefined();
    expect(onlyStringValueSpan('{"model":"content","x":1}', 'content')).toBeUndefined();
  });

  it('returns the delta of a frame in the learnt envelope, with its tag', () => {
    const template = learnt();
    expect(template.match(chunk('Hello, world'))).toBe('Hello, world');
    expect(template.match(chunk(''))).toBe('');
    expect(template.match(chunk('line\n"quoted" \u00e9 \u2028'))).toBe('line\n"quoted" \u00e9 \u2028');
    expect(template.tag).toBe(7);
  });

  it('leaves every other frame to the full parse', () => {
    const template = learnt();
    expect(template.match(chunk('x', { usage: { prompt_tokens: 1 } }))).toBeUndefined();
    expect(template.match(chunk('x').replace('"finish_reason":null', '"finish_reason":"stop"'))).toBeUndefined();
    expect(template.match(chunk('x').replace('"content":"x"', '"content":"x","role":"assistant"'))).toBeUndefined();
    expect(template.match(chunk('x').replace('"content":"x"', '"content":"x\\q"'))).toBeUndefined();
    expect(template.match('[DONE]')).toBeUndefined();
    expect(new DeltaTemplate().match(chunk('x'))).toBeUndefined();
  });

  it('matches only what JSON.parse would read as the same envelope around the returned string', () => {
    const template = learnt();
    const envelope = () => JSON.parse(chunk('placeholder')) as { choices: Array<{ delta: { content: unknown } }> };
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.nat(40), (content, junk, cut) => {
        const exact = chunk(content);
        expect(template.match(exact)).toBe(content);
        // Arbitrary damage inside the string's slot: a match must agree with the full parse.
        const damaged = exact.slice(0, exact.indexOf('"content":') + 10) + junk + exact.slice(exact.length - 28 - (cut % 3));
        const matched = template.match(damaged);
        if (matched !== undefined) {
          const expected = envelope();
          expected.choices[0].delta.content = matched;
          expect(JSON.parse(damaged)).toEqual(expected);
        }
      }),
    );
  });

  it('stops re-learning after a while, so a stream that never repeats costs no more than before', () => {
    const template = new DeltaTemplate<number>();
    for (let index = 0; index < 40; index++) template.learn(chunk('x', { obfuscation: String(index) }), 'content', index);
    expect(template.tag).toBe(15);
  });
});
