import { describe, expect, it } from 'vitest';
import { claudeRequestHeaders, claudeRequestUrl, mergeAnthropicBetas } from './claude-executor.js';
import { claudeConfig } from './claude-config.js';
import { defaultSettings } from '../../config/settings-schema.js';

describe('Claude request headers', () => {
  it('puts the OAuth beta first and keeps the client betas once each', () => {
    expect(mergeAnthropicBetas(undefined)).toBe('oauth-2025-04-20');
    expect(mergeAnthropicBetas('claude-code-20250219, oauth-2025-04-20,interleaved-thinking-2025-05-14,claude-code-20250219')).toBe(
      'oauth-2025-04-20,claude-code-20250219,interleaved-thinking-2025-05-14',
    );
    expect(mergeAnthropicBetas(['a-1', 'b-2,a-1'])).toBe('oauth-2025-04-20,a-1,b-2');
  });

  it('sends the bearer token, the client version or 2023-06-01, and nothing of the client key', () => {
    const headers = claudeRequestHeaders(
      { stream: true, clientHeaders: { 'x-api-key': 'sy-client', 'anthropic-version': '2023-01-01', 'user-agent': 'claude-cli/2' } },
      'sk-ant-oat01-token',
    );
    expect(headers).toEqual({
      authorization: 'Bearer sk-ant-oat01-token',
      'anthropic-version': '2023-01-01',
      'anthropic-beta': 'oauth-2025-04-20',
      'content-type': 'application/json',
      accept: 'text/event-stream',
    });
    expect(claudeRequestHeaders({ stream: false, clientHeaders: {} }, 't')).toMatchObject({ 'anthropic-version': '2023-06-01', accept: 'application/json' });
  });

  it('calls ?beta=true on messages and count_tokens', () => {
    const config = claudeConfig({ ...defaultSettings(), claudeApiBaseUrl: 'http://127.0.0.1:9/' });
    expect(claudeRequestUrl(config, 'generate')).toBe('http://127.0.0.1:9/v1/messages?beta=true');
    expect(claudeRequestUrl(config, 'count-tokens')).toBe('http://127.0.0.1:9/v1/messages/count_tokens?beta=true');
  });
});
