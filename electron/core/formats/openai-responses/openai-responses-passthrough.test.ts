import { describe, expect, it } from 'vitest';
import { dropForeignReasoning } from './openai-responses-passthrough.js';

const input = [
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'q' }] },
  { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAAown' },
  { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'Claude thought' }], encrypted_content: 'sy:anthropic-messages:EqQB' },
  { type: 'reasoning', id: 'rs_3', summary: [], encrypted_content: 'sy:redacted:abc' },
  { type: 'reasoning', id: 'rs_4', summary: [{ type: 'summary_text', text: 'a Chat upstream thought' }], encrypted_content: 'sy:none:' },
  { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' },
];

describe('dropForeignReasoning (passthrough to a Responses upstream)', () => {
  it('keeps a body without sy: proofs byte for byte', () => {
    const text = '{"model":"gpt-5","input":[{"type":"reasoning","encrypted_content":"gAAAA"},{"role":"user","content":"\\"sy:x"}],  "store":false}';
    expect(dropForeignReasoning(text)).toBe(text);
  });

  it('drops reasoning items carrying another upstream\'s proof, redacted data or no proof, and keeps OpenAI\'s own', () => {
    const out = JSON.parse(dropForeignReasoning(JSON.stringify({ model: 'gpt-5', input })));
    expect(out.input.map((item: { id?: string; type: string }) => item.id ?? item.type)).toEqual(['message', 'rs_1', 'function_call']);
  });
});
