import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxToolNameLength, restoreToolNames, shortenToolNames } from './openai-responses-tool-names.js';

describe('shortenToolNames', () => {
  it('keeps names that fit and shortens long mcp names to the prefix plus the last segment', () => {
    const long = `mcp__${'server'.repeat(10)}__search_files`;
    expect(shortenToolNames(['shell', long])).toEqual(
      new Map([
        ['shell', 'shell'],
        [long, 'mcp__search_files'],
      ]),
    );
  });

  it('truncates other long names and suffixes collisions with _1, _2 within 64 characters', () => {
    const base = 'x'.repeat(70);
    const names = [`${base}a`, `${base}b`, `${base}c`];
    const short = shortenToolNames(names);
    expect([...short.values()]).toEqual(['x'.repeat(64), `${'x'.repeat(62)}_1`, `${'x'.repeat(62)}_2`]);
  });

  it('never takes a name that a short tool already has', () => {
    const long = `mcp__${'a'.repeat(70)}__read`;
    expect(shortenToolNames(['mcp__read', long]).get(long)).toBe('mcp__read_1');
  });

  it('sanitizes names with characters Responses refuses (Gemini clients allow dots and colons)', () => {
    expect(shortenToolNames(['weather.get:v1', 'weather_get_v1'])).toEqual(
      new Map([
        ['weather_get_v1', 'weather_get_v1'],
        ['weather.get:v1', 'weather_get_v1_1'],
      ]),
    );
    expect(restoreToolNames(['weather.get:v1'])?.get('weather_get_v1')).toBe('weather.get:v1');
  });

  it('is injective, deterministic and within the limit for any list of names', () => {
    const name = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.tuple(fc.string({ maxLength: 40 }), fc.constantFrom('read', 'write', 'x')).map(([server, tool]) => `mcp__${server}${'_'.repeat(30)}__${tool}`),
    );
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 12 }), (names) => {
        const mapping = shortenToolNames(names);
        const shorts = [...mapping.values()];
        expect(new Set(shorts).size).toBe(names.length);
        expect(shorts.every((short) => short.length <= maxToolNameLength && /^[a-zA-Z0-9_-]+$/.test(short))).toBe(true);
        expect(shortenToolNames(names)).toEqual(mapping);
        const restore = restoreToolNames(names);
        for (const original of names) expect(restore?.get(mapping.get(original) ?? '') ?? original).toBe(original);
      }),
      { numRuns: 200 },
    );
  });
});
