import { describe, expect, it } from 'vitest';
import { chatgptCatalogue, chatgptModelDisplayName, resolveChatgptModel } from './chatgpt-models.js';

describe('ChatGPT models', () => {
  it('claims gpt-5*, *codex* and chatgpt/<model>', () => {
    expect(resolveChatgptModel('gpt-5')).toEqual({ upstreamModel: 'gpt-5' });
    expect(resolveChatgptModel('gpt-5.1-codex-max')).toEqual({ upstreamModel: 'gpt-5.1-codex-max' });
    expect(resolveChatgptModel('codex-mini-latest')).toEqual({ upstreamModel: 'codex-mini-latest' });
    expect(resolveChatgptModel('chatgpt/o3')).toEqual({ upstreamModel: 'o3' });
    for (const model of ['gpt-4o', 'claude-sonnet-4-6', 'local/gpt-5', 'chatgpt/', 'o3', 'lm/codex']) expect(resolveChatgptModel(model)).toBeUndefined();
  });

  it('lists the catalogue with readable names', () => {
    expect(chatgptModelDisplayName('gpt-5.1-codex-max')).toBe('GPT-5.1 Codex Max');
    expect(chatgptModelDisplayName('gpt-5')).toBe('GPT-5');
    expect(chatgptModelDisplayName('codex-mini-latest')).toBe('Codex Mini Latest');
    expect(chatgptCatalogue(['gpt-5-codex'])).toEqual([{ id: 'gpt-5-codex', ownedBy: 'openai', displayName: 'GPT-5 Codex' }]);
  });
});
