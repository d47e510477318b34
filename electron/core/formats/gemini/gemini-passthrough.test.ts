import { describe, expect, it } from 'vitest';
import { prepareGeminiPassthroughBody } from './gemini-passthrough.js';

describe('prepareGeminiPassthroughBody (passthrough to a Gemini upstream)', () => {
  it('keeps a body byte for byte when no part needs repair, signed calls included', () => {
    const text = '{"contents":[{"role":"user","parts":[{"text":"\\"sy:quoted\\""}]},{"role":"model","parts":[{"functionCall":{"name":"f"},"thoughtSignature":"s"}]}],  "generationConfig":{}}';
    expect(prepareGeminiPassthroughBody(text)).toBe(text);
  });

  it('drops thought parts signed by another upstream, keeps Gemini-signed ones, and drops a content left empty', () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'q' }] },
        { role: 'model', parts: [{ text: 'Claude thought', thought: true, thoughtSignature: 'sy:anthropic-messages:EqQB' }] },
        { role: 'user', parts: [{ text: 'again' }] },
        {
          role: 'model',
          parts: [
            { text: 'own thought', thought: true, thoughtSignature: 'gemini-sig' },
            { text: '', thought: true, thought_signature: 'sy:redacted:abc' },
            { functionCall: { name: 'f', args: {} }, thoughtSignature: 'call-sig' },
          ],
        },
      ],
    };
    const out = JSON.parse(prepareGeminiPassthroughBody(JSON.stringify(body)));
    expect(out.contents).toEqual([
      { role: 'user', parts: [{ text: 'q' }] },
      { role: 'user', parts: [{ text: 'again' }] },
      {
        role: 'model',
        parts: [
          { text: 'own thought', thought: true, thoughtSignature: 'gemini-sig' },
          { functionCall: { name: 'f', args: {} }, thoughtSignature: 'call-sig' },
        ],
      },
    ]);
  });

  it('gives a model function call without a signature the placeholder, and leaves user parts alone', () => {
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'q' }] },
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {}, id: 'toolu_1' } }, { functionCall: { name: 'g', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: { ok: true } } }] },
      ],
    };
    const out = JSON.parse(prepareGeminiPassthroughBody(JSON.stringify(body)));
    expect(out.contents[1].parts).toEqual([
      { functionCall: { name: 'f', args: {}, id: 'toolu_1' }, thoughtSignature: 'skip_thought_signature_validator' },
      { functionCall: { name: 'g', args: {} }, thoughtSignature: 'skip_thought_signature_validator' },
    ]);
    expect(out.contents[2]).toEqual(body.contents[2]);
  });
});
