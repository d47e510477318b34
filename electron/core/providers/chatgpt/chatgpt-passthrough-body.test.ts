import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codexRefusedFields } from '../../formats/openai-responses/openai-responses-request.js';
import { prepareCodexPassthroughBody } from './chatgpt-passthrough-body.js';

/** What the edits must amount to, computed the slow way. */
function expected(body: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...body };
  for (const field of codexRefusedFields) delete result[field];
  if (typeof result.input === 'string') result.input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: result.input }] }];
  result.store = false;
  result.stream = true;
  return result;
}

describe('prepareCodexPassthroughBody', () => {
  it('returns a compliant Codex CLI body byte for byte', () => {
    const body = '{ "model":"gpt-5-codex",\n  "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"store: true"}]}],\n  "store" : false, "stream":true, "n": 1.50, "include":["reasoning.encrypted_content"] }';
    expect(prepareCodexPassthroughBody(body)).toBe(body);
  });

  it('changes only what it must, in place', () => {
    expect(prepareCodexPassthroughBody('{"model":"m","stream":false,"store":true,"input":[] ,"x":1.0}')).toBe('{"model":"m","stream":true,"store":false,"input":[] ,"x":1.0}');
    expect(prepareCodexPassthroughBody('{"model":"m","input":[]}')).toBe('{"model":"m","input":[],"store":false,"stream":true}');
    expect(prepareCodexPassthroughBody('{}')).toBe('{"store":false,"stream":true}');
  });

  it('removes refused fields wherever they sit, with their separators', () => {
    expect(prepareCodexPassthroughBody('{"temperature":0.2, "model":"m","top_p":1,\n "max_output_tokens":9,"store":false,"stream":true,"user":"u"}')).toBe(
      '{"model":"m","store":false,"stream":true}',
    );
    expect(prepareCodexPassthroughBody('{"previous_response_id":"resp_1"}')).toBe('{"store":false,"stream":true}');
  });

  it('wraps a string input as one user message', () => {
    expect(prepareCodexPassthroughBody('{"model":"m","input":"Say \\"hi\\"","store":false,"stream":true}')).toBe(
      '{"model":"m","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Say \\"hi\\""}]}],"store":false,"stream":true}',
    );
  });

  it('agrees with JSON.parse on arbitrary bodies and spellings', () => {
    const keys = fc.oneof(fc.string(), fc.constantFrom('store', 'stream', 'input', 'model', ...codexRefusedFields));
    fc.assert(
      fc.property(fc.dictionary(keys, fc.jsonValue()), fc.constantFrom(undefined, 0, 2, '\t'), (body, indent) => {
        const text = JSON.stringify(body, null, indent);
        const prepared = prepareCodexPassthroughBody(text);
        expect(JSON.parse(prepared)).toEqual(expected(JSON.parse(text) as Record<string, unknown>));
      }),
      { numRuns: 400 },
    );
  });
});
