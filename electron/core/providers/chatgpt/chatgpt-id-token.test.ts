import { describe, expect, it } from 'vitest';
import { decodeJwtPayload, mergedTokenClaims, openAiTokenClaims } from './chatgpt-id-token.js';

const jwt = (payload: unknown) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('OpenAI token claims', () => {
  it('reads email, account id, plan and the default organization from an id_token', () => {
    const token = jwt({
      email: 'a@example.com',
      exp: 1_700_000_000,
      'https://api.openai.com/auth': {
        chatgpt_account_id: 'acct_1',
        chatgpt_plan_type: 'pro',
        organizations: [
          { id: 'org-2', is_default: false, title: 'Other' },
          { id: 'org-1', is_default: true, title: 'Personal' },
        ],
      },
    });
    expect(openAiTokenClaims(token)).toEqual({ email: 'a@example.com', accountId: 'acct_1', plan: 'pro', organization: 'Personal', expiresAt: 1_700_000_000_000 });
  });

  it('completes the id_token with the access token, whose expiry wins', () => {
    const idToken = jwt({ email: 'a@example.com', exp: 1 });
    const accessToken = jwt({ exp: 2, 'https://api.openai.com/auth': { chatgpt_account_id: 'acct_2' }, 'https://api.openai.com/profile': { email: 'b@example.com' } });
    expect(mergedTokenClaims(idToken, accessToken)).toEqual({ email: 'a@example.com', accountId: 'acct_2', expiresAt: 2000 });
    expect(mergedTokenClaims(undefined, 'opaque-token')).toEqual({});
  });

  it('answers nothing for what is not a JWT, without throwing', () => {
    for (const token of [undefined, '', 'a.b', 'a.!!!.c', `x.${Buffer.from('[1]').toString('base64url')}.y`, `x.${Buffer.from('{').toString('base64url')}.y`]) {
      expect(decodeJwtPayload(token)).toBeUndefined();
      expect(openAiTokenClaims(token)).toEqual({});
    }
  });
});
