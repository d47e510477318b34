import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../config/settings-schema.js';
import { claudeAuthorizeUrl } from './claude-auth.js';
import { claudeConfig } from './claude-config.js';
import { claudeCatalogue, claudeModelDisplayName, resolveClaudeModel } from './claude-models.js';

describe('Claude models', () => {
  it('claims claude-* and claude/<model>, and nothing else', () => {
    expect(resolveClaudeModel('claude-sonnet-4-6')).toEqual({ upstreamModel: 'claude-sonnet-4-6' });
    expect(resolveClaudeModel('claude/claude-opus-4-6')).toEqual({ upstreamModel: 'claude-opus-4-6' });
    expect(resolveClaudeModel('claude/')).toBeUndefined();
    expect(resolveClaudeModel('gpt-5')).toBeUndefined();
    expect(resolveClaudeModel('local/claude-x')).toBeUndefined();
  });

  it('names catalogue entries', () => {
    expect(claudeModelDisplayName('claude-opus-4-6')).toBe('Claude Opus 4.6');
    expect(claudeModelDisplayName('claude-sonnet-4-5-20250929')).toBe('Claude Sonnet 4.5');
    expect(claudeModelDisplayName('claude-sonnet-5')).toBe('Claude Sonnet 5');
    expect(claudeCatalogue(['claude-haiku-4-5'])).toEqual([{ id: 'claude-haiku-4-5', ownedBy: 'anthropic', displayName: 'Claude Haiku 4.5' }]);
  });
});

describe('the Claude authorize URL', () => {
  it('carries the §1 parameters in order, from the settings', () => {
    const url = new URL(
      claudeAuthorizeUrl(claudeConfig(defaultSettings()), {
        state: 'st',
        codeChallenge: 'ch',
        codeChallengeMethod: 'S256',
        redirectUri: 'http://localhost:54545/callback',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://claude.ai/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      code: 'true',
      client_id: '9d1c250a-e61b-44d9-88ed-5944d1962f5e',
      response_type: 'code',
      redirect_uri: 'http://localhost:54545/callback',
      scope: 'user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      state: 'st',
    });
  });
});
