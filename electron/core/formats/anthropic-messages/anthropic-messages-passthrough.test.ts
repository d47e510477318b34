import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dropForeignThinking } from './anthropic-messages-passthrough.js';

const toolTurn = (thinking: Record<string, unknown>[]) => ({
  role: 'assistant',
  content: [...thinking, { type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
});
const resultTurn = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] };

describe('dropForeignThinking (passthrough to an Anthropic upstream)', () => {
  it('keeps a body without sy: signatures byte for byte, odd spacing and unknown fields included', () => {
    const text = '{ "model":"claude-x",  "max_tokens": 1.0e3, "messages":[{"role":"user","content":"say \\"sy:no\\""}], "x_probe":[1,2] }';
    expect(dropForeignThinking(text)).toBe(text);
  });

  it('keeps Claude-signed thinking and drops thinking signed sy:<format>:, leaving thinking on while a tool turn still opens with thinking', () => {
    const body = {
      model: 'claude-x',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from Claude', signature: 'EqQBclaude' },
            { type: 'thinking', thinking: 'from Codex', signature: 'sy:openai-responses:gAAAA' },
            { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
          ],
        },
        resultTurn,
      ],
    };
    const out = JSON.parse(dropForeignThinking(JSON.stringify(body)));
    expect(out.messages[1].content).toEqual([
      { type: 'thinking', thinking: 'from Claude', signature: 'EqQBclaude' },
      { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
    ]);
    expect(out.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it('turns thinking off when the last tool turn no longer opens with thinking, and drops turns left empty', () => {
    const body = {
      model: 'claude-x',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'only thoughts', signature: 'sy:gemini:abc' }] },
        { role: 'user', content: 'second' },
        toolTurn([{ type: 'thinking', thinking: 'plan', signature: 'sy:gemini:def' }]),
        resultTurn,
      ],
    };
    const out = JSON.parse(dropForeignThinking(JSON.stringify(body)));
    expect(out.messages.map((message: { role: string }) => message.role)).toEqual(['user', 'user', 'assistant', 'user']);
    expect(out.messages[2]).toEqual(toolTurn([]));
    expect(out).not.toHaveProperty('thinking');
  });

  it('never leaves a sy: signature behind, and never touches a body with nothing to drop', () => {
    const signature = fc.oneof(fc.string(), fc.string().map((tail) => `sy:openai-responses:${tail}`), fc.constant('sy:gemini:x'));
    const block = fc.oneof(
      signature.map((value) => ({ type: 'thinking', thinking: 't', signature: value })),
      fc.string().map((text) => ({ type: 'text', text })),
    );
    const message = fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.array(block, { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 5 }), (messages) => {
        const text = JSON.stringify({ model: 'm', max_tokens: 1, messages });
        const out = dropForeignThinking(text);
        const droppable = messages.some(
          (entry) => entry.role === 'assistant' && entry.content.some((item) => 'signature' in item && (item.signature === '' || item.signature.startsWith('sy:'))),
        );
        // Only a body holding a `sy:` value is even parsed; unsigned blocks go along with the marked ones then.
        if (!text.includes('"sy:') || !droppable) expect(out).toBe(text);
        const parsed = JSON.parse(out) as { messages: typeof messages };
        for (const entry of parsed.messages) {
          if (entry.role !== 'assistant') continue;
          for (const item of entry.content) if ('signature' in item) expect(item.signature.startsWith('sy:')).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
