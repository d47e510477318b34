import { describe, expect, it } from 'vitest';
import { createFixedContext } from '../../canonical/translation-context.js';
import { decodeEncryptedContent, encodeEncryptedContent, unsignedMarker } from './openai-responses-reasoning-signature.js';
import { buildOpenAiResponsesRequest, parseOpenAiResponsesRequest } from './openai-responses-request.js';

describe('encrypted_content shown to Responses clients', () => {
  it('is OpenAI\'s own, a prefixed foreign proof, redacted data, or sy:none: for reasoning no upstream signed', () => {
    expect(encodeEncryptedContent({ signature: 'gAAAA', signatureFormat: 'openai-responses' })).toBe('gAAAA');
    expect(encodeEncryptedContent({ signature: 'EqQB', signatureFormat: 'anthropic-messages' })).toBe('sy:anthropic-messages:EqQB');
    expect(encodeEncryptedContent({ redactedData: 'abc' })).toBe('sy:redacted:abc');
    expect(encodeEncryptedContent({})).toBe(unsignedMarker);
    expect(decodeEncryptedContent(unsignedMarker)).toEqual({});
    expect(decodeEncryptedContent('sy:anthropic-messages:EqQB')).toEqual({ signature: 'EqQB', signatureFormat: 'anthropic-messages' });
  });

  it('never replays a sy: value upstream, known format or not', () => {
    const request = parseOpenAiResponsesRequest(
      {
        model: 'm',
        input: [
          { role: 'user', content: 'q' },
          { type: 'reasoning', summary: [], encrypted_content: unsignedMarker },
          { type: 'reasoning', summary: [], encrypted_content: 'sy:unknown-format:abc' },
          { type: 'reasoning', summary: [], encrypted_content: 'gAAAAown' },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'a' }] },
        ],
      },
      {},
    );
    const body = buildOpenAiResponsesRequest(request, 'gpt-5', createFixedContext());
    const reasoning = (body.input as Array<{ type?: string; encrypted_content?: string }>).filter((item) => item.type === 'reasoning');
    expect(reasoning.map((item) => item.encrypted_content)).toEqual(['gAAAAown']);
  });
});
