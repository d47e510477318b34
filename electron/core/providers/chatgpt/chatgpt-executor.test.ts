import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../config/settings-schema.js';
import { chatgptAuthorizeUrl } from './chatgpt-auth.js';
import { chatgptConfig } from './chatgpt-config.js';
import { chatgptRequestHeaders, chatgptRequestUrl } from './chatgpt-executor.js';

describe('ChatGPT wire defaults (protocols.md §2)', () => {
  const config = chatgptConfig(defaultSettings());

  it('sends only what the Codex backend requires', () => {
    expect(chatgptRequestHeaders({ accessToken: 'eyJ.token', accountId: 'acct_1' })).toEqual({
      authorization: 'Bearer eyJ.token',
      'chatgpt-account-id': 'acct_1',
      'content-type': 'application/json',
      accept: 'text/event-stream',
    });
    expect(chatgptRequestUrl(config)).toBe('https://chatgpt.com/backend-api/codex/responses');
    expect(chatgptRequestUrl(chatgptConfig({ ...defaultSettings(), chatgptApiBaseUrl: 'http://127.0.0.1:9/backend-api/codex/' }))).toBe(
      'http://127.0.0.1:9/backend-api/codex/responses',
    );
  });

  it('builds Codex CLI’s authorize URL, with 1455 then 1457 as callback ports', () => {
    expect(config.callbackPorts).toEqual([1455, 1457]);
    const url = new URL(
      chatgptAuthorizeUrl(config, { state: 'st', codeChallenge: 'ch', codeChallengeMethod: 'S256', redirectUri: 'http://localhost:1455/auth/callback' }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://auth.openai.com/oauth/authorize');
    expect([...url.searchParams]).toEqual([
      ['response_type', 'code'],
      ['client_id', 'app_EMoamEEZ73f0CkXaXp7hrann'],
      ['redirect_uri', 'http://localhost:1455/auth/callback'],
      ['scope', 'openid profile email offline_access'],
      ['code_challenge', 'ch'],
      ['code_challenge_method', 'S256'],
      ['id_token_add_organizations', 'true'],
      ['codex_cli_simplified_flow', 'true'],
      ['state', 'st'],
      ['originator', 'codex_cli_rs'],
    ]);
    expect(config.refreshLeadMs).toBe(5 * 24 * 3_600_000);
  });
});
