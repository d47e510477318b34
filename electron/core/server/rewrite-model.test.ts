import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { replaceTopLevelString } from './rewrite-model.js';

describe('replaceTopLevelString', () => {
  it('rewrites only the top-level model and keeps every other byte', () => {
    const body = '{ "messages":[{"role":"user","content":"the \\"model\\": x","model":"inner"}],\n  "model" : "local/llama", "n": 1.0 }';
    expect(replaceTopLevelString(body, 'model', 'llama')).toBe(
      '{ "messages":[{"role":"user","content":"the \\"model\\": x","model":"inner"}],\n  "model" : "llama", "n": 1.0 }',
    );
  });

  it('returns undefined when there is no top-level string model', () => {
    expect(replaceTopLevelString('{"messages":[{"model":"x"}]}', 'model', 'y')).toBeUndefined();
    expect(replaceTopLevelString('{"model":3}', 'model', 'y')).toBeUndefined();
  });

  it('agrees with JSON.parse on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.string(), (object, model, next) => {
        const text = JSON.stringify({ ...object, model });
        const rewritten = replaceTopLevelString(text, 'model', next);
        expect(rewritten).toBeDefined();
        expect(JSON.parse(rewritten as string)).toEqual(JSON.parse(JSON.stringify({ ...object, model: next })));
      }),
      { numRuns: 300 },
    );
  });
});
