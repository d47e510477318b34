import { describe, expect, it } from 'vitest';
import { asRecord, isRecord, leftoverFields, nonEmptyStringField, parseJsonObject } from './json-values.js';

describe('json values', () => {
  it('tells plain objects from null, arrays and scalars', () => {
    expect([{}, { a: 1 }].map(isRecord)).toEqual([true, true]);
    expect([null, [], 'x', 1, undefined].map(isRecord)).toEqual([false, false, false, false, false]);
    expect(asRecord([1])).toBeUndefined();
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
  });

  it('reads non-empty string fields only', () => {
    expect(nonEmptyStringField({ a: 'x', b: '', c: 1 }, 'a')).toBe('x');
    expect(nonEmptyStringField({ a: 'x', b: '', c: 1 }, 'b')).toBeUndefined();
    expect(nonEmptyStringField({ a: 'x', b: '', c: 1 }, 'c')).toBeUndefined();
    expect(nonEmptyStringField(undefined, 'a')).toBeUndefined();
  });

  it('parses JSON objects and nothing else', () => {
    expect(parseJsonObject(' \n{"a":[1]}')).toEqual({ a: [1] });
    expect(['', '[]', '"x"', '{oops', 'null', '\u00a0{}'].map(parseJsonObject)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('keeps the fields no key names, skipping undefined values', () => {
    expect(leftoverFields({ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' }, gone: undefined }, new Set(['type', 'text']))).toEqual({
      cache_control: { type: 'ephemeral' },
    });
    expect(leftoverFields({ type: 'text' }, new Set(['type']))).toBeUndefined();
  });
});
