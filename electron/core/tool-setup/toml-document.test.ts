import { describe, expect, it } from 'vitest';
import { parseToml, tomlString } from './toml-document.js';
import { unifiedDiff } from './unified-diff.js';

describe('strict TOML reader', () => {
  it('reads tables, arrays of tables, inline tables, dotted keys, strings, numbers and dates', () => {
    const text = [
      '# comment',
      'a = 1',
      'b = "x\\ty" # trailing',
      "lit = 'C:\\path'",
      'multi = """',
      'one\\',
      '   two"""',
      'd = 1979-05-27 07:32:00Z',
      'f = 6.5e-1',
      'h = 0xDEAD_BEEF',
      '"quoted key".inner = true',
      '[t]',
      'k = [1, 2,',
      '  3, # c',
      ']',
      'q = { x = 1, y.z = "s" }',
      '[fruit]',
      'apple.color = "red"',
      '[fruit.apple.texture]',
      'smooth = true',
      '[[arr]]',
      'n = 1',
      '[[arr]]',
      'n = 2',
    ].join('\n');
    const document = parseToml(text);
    expect(document.value).toEqual({
      a: 1,
      b: 'x\ty',
      lit: 'C:\\path',
      multi: 'onetwo',
      d: '1979-05-27 07:32:00Z',
      f: 0.65,
      h: 0xdeadbeef,
      'quoted key': { inner: true },
      t: { k: [1, 2, 3], q: { x: 1, y: { z: 's' } } },
      fruit: { apple: { color: 'red', texture: { smooth: true } } },
      arr: [{ n: 1 }, { n: 2 }],
    });
    expect(document.headers.map((header) => [header.path.join('.'), header.line])).toEqual([
      ['t', 11],
      ['fruit', 16],
      ['fruit.apple.texture', 18],
      ['arr', 20],
      ['arr', 22],
    ]);
    expect(document.keyValues.find((pair) => pair.key[0] === 'k')).toMatchObject({ table: ['t'], startLine: 12, endLine: 14 });
    expect(document.tableOrigin(['fruit', 'apple'])).toBe('dotted');
    expect(document.tableOrigin(['t', 'q'])).toBe('inline');
  });

  it.each([
    ['a duplicate key', 'a = 1\na = 2\n'],
    ['a table defined twice', '[t]\n[t]\n'],
    ['a missing value', 'a = \n'],
    ['an unterminated string', 'a = "x\n'],
    ['a leading zero', 'a = 01\n'],
    ['a trailing comma in an inline table', 'a = { b = 1, }\n'],
    ['a header over dotted keys', '[fruit]\napple.color = "red"\n[fruit.apple]\n'],
    ['a missing comma', 'a = [1 2]\n'],
    ['two pairs on a line', 'a = 1 b = 2\n'],
    ['a header over an inline table', 'x = {a=1}\n[x.b]\n'],
    ['a bare word', 'a = tru\n'],
    ['an unknown escape', 'a = "\\e"\n'],
    ['an array of tables over a table', '[a]\n[[a]]\n'],
  ])('refuses %s', (_name, text) => {
    expect(() => parseToml(text)).toThrow(/line \d+/);
  });

  it('writes strings that read back the same', () => {
    const value = 'quote " backslash \\ tab \t newline \n bell \u0007 é';
    expect(parseToml(`v = ${tomlString(value)}\n`).value.v).toBe(value);
  });
});

describe('unified diff', () => {
  it('shows hunks with context and line numbers', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = ['a', 'b', 'C', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
    expect(unifiedDiff(before, after, { before: 'old', after: 'new' })).toBe(
      ['--- old', '+++ new', '@@ -1,6 +1,6 @@', ' a', ' b', '-c', '+C', ' d', ' e', ' f', '@@ -8,3 +8,4 @@', ' h', ' i', ' j', '+k', ''].join('\n'),
    );
    expect(unifiedDiff('same\n', 'same\n', { before: 'a', after: 'b' })).toBe('');
    expect(unifiedDiff('', 'new\n', { before: '/dev/null', after: 'b' })).toContain('@@ -0,0 +1 @@\n+new');
  });
});
