import { describe, expect, it } from 'vitest';
import { decodeSignature, encodeSignature, unsignedMarker } from './anthropic-messages-signature.js';
import { buildAnthropicMessagesRequest, parseAnthropicMessagesRequest } from './anthropic-messages-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';

describe('thinking signatures shown to Anthropic clients', () => {
  it('marks reasoning no upstream signed as sy:none:, which decodes to no signature at all', () => {
    expect(encodeSignature(undefined, undefined)).toBe(unsignedMarker);
    expect(encodeSignature('', 'openai-chat')).toBe(unsignedMarker);
    expect(decodeSignature(unsignedMarker)).toEqual({});
    expect(encodeSignature('EqQB', 'anthropic-messages')).toBe('EqQB');
    expect(decodeSignature(encodeSignature('gAAAA', 'openai-responses'))).toEqual({ signature: 'gAAAA', signatureFormat: 'openai-responses' });
  });

  it('replays a sy:none: (or any sy:) thinking block to no upstream: it parses unsigned, and buildRequest leaves it out', () => {
    const request = parseAnthropicMessagesRequest(
      {
        model: 'm',
        max_tokens: 100,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'local model thought', signature: unsignedMarker }, { type: 'text', text: 'a' }] },
          { role: 'user', content: 'next' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'unknown marker', signature: 'sy:not-a-format:x' }, { type: 'text', text: 'b' }] },
          { role: 'user', content: 'again' },
        ],
      },
      {},
    );
    expect(request.messages[1].content[0]).toEqual({ type: 'reasoning', text: 'local model thought' });
    const body = buildAnthropicMessagesRequest(request, 'claude-x', createFixedContext());
    expect(JSON.stringify(body)).not.toContain('sy:');
  });
});
