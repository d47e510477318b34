/** The fake Claude OAuth server is strict: these pin what it refuses, so tests fail where Anthropic would. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLAUDE_CLIENT_ID, startFakeClaudeOAuth, type FakeClaudeOAuth } from './index.js';
import { authorize, pkce, send } from './fake-test-helpers.js';

let fake: FakeClaudeOAuth;
const redirectUri = 'http://localhost:54545/callback';

beforeAll(async () => {
  fake = await startFakeClaudeOAuth();
});

afterAll(async () => {
  await fake?.close();
});

function authorizeUrl(overrides: Record<string, string> = {}, challenge = pkce().challenge): string {
  const url = new URL(fake.authorizeUrl);
  const parameters = {
    code: 'true',
    client_id: DEFAULT_CLAUDE_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'user:profile user:inference',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'st',
    ...overrides,
  };
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  return url.toString();
}

async function login(): Promise<{ access: string; refresh: string }> {
  const { verifier, challenge } = pkce();
  const { location } = await authorize(authorizeUrl({}, challenge));
  const exchange = await send(fake.tokenUrl, {
    body: {
      grant_type: 'authorization_code',
      code: location?.searchParams.get('code'),
      redirect_uri: redirectUri,
      client_id: DEFAULT_CLAUDE_CLIENT_ID,
      code_verifier: verifier,
      state: 'st',
    },
  });
  expect(exchange.status).toBe(200);
  const body = exchange.json as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

const refresh = (token: string) => send(fake.tokenUrl, { body: { client_id: DEFAULT_CLAUDE_CLIENT_ID, grant_type: 'refresh_token', refresh_token: token } });

describe('authorize', () => {
  it('redirects to the redirect_uri with code and state', async () => {
    const { status, location } = await authorize(authorizeUrl());
    expect(status).toBe(302);
    expect(`${location?.origin}${location?.pathname}`).toBe(redirectUri);
    expect(location?.searchParams.get('code')).toMatch(/^fake-code-/);
    expect(location?.searchParams.get('state')).toBe('st');
  });

  it('refuses a wrong client, response type, challenge method or redirect', async () => {
    expect((await authorize(authorizeUrl({ client_id: 'other' }))).status).toBe(400);
    expect((await authorize(authorizeUrl({ response_type: 'token' }))).status).toBe(400);
    expect((await authorize(authorizeUrl({ code_challenge_method: 'plain' }))).status).toBe(400);
    expect((await authorize(authorizeUrl({ redirect_uri: 'http://evil.example/callback' }))).status).toBe(400);
    expect((await authorize(authorizeUrl({ state: '' }))).status).toBe(400);
  });
});

describe('token', () => {
  it('checks the verifier, the exact redirect_uri, JSON, and uses a code once', async () => {
    const { verifier, challenge } = pkce();
    const { location } = await authorize(authorizeUrl({}, challenge));
    const code = location?.searchParams.get('code');
    const body = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: DEFAULT_CLAUDE_CLIENT_ID, code_verifier: pkce().verifier, state: 'st' };
    const wrongVerifier = await send(fake.tokenUrl, { body });
    expect(wrongVerifier.json).toMatchObject({ error: 'invalid_grant' });
    // The code is spent even by a failed attempt.
    const retried = await send(fake.tokenUrl, { body: { ...body, code_verifier: verifier } });
    expect(retried.json).toMatchObject({ error: 'invalid_grant' });

    const second = await authorize(authorizeUrl({}, challenge));
    const formBody = await send(fake.tokenUrl, {
      body: `grant_type=authorization_code&code=${second.location?.searchParams.get('code')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formBody.status).toBe(400);

    const third = await authorize(authorizeUrl({}, challenge));
    const otherRedirect = await send(fake.tokenUrl, {
      body: { ...body, code: third.location?.searchParams.get('code'), code_verifier: verifier, redirect_uri: 'http://localhost:1/callback' },
    });
    expect(otherRedirect.json).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('redirect_uri') });
  });

  it('answers the §1 shape with the account', async () => {
    const { verifier, challenge } = pkce();
    const { location } = await authorize(authorizeUrl({}, challenge));
    const exchange = await send(fake.tokenUrl, {
      body: { grant_type: 'authorization_code', code: location?.searchParams.get('code'), redirect_uri: redirectUri, client_id: DEFAULT_CLAUDE_CLIENT_ID, code_verifier: verifier, state: 'st' },
    });
    expect(exchange.json).toMatchObject({
      access_token: expect.stringMatching(/^sk-ant-oat01-/),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 28_800,
      account: { email_address: 'user@example.com' },
      organization: { name: 'Example Org' },
    });
  });

  it('rotates refresh tokens, and a reused one revokes the grant', async () => {
    const tokens = await login();
    const first = await refresh(tokens.refresh);
    const rotated = (first.json as { refresh_token: string }).refresh_token;
    expect(rotated).not.toBe(tokens.refresh);
    const reuse = await refresh(tokens.refresh);
    expect(reuse.json).toMatchObject({ error: 'invalid_grant' });
    const afterRevocation = await refresh(rotated);
    expect(afterRevocation.json).toMatchObject({ error: 'invalid_grant' });
    expect(fake.isRevoked(rotated)).toBe(true);
  });

  it('answers the profile for a valid token only', async () => {
    const tokens = await login();
    const profile = await send(fake.profileUrl, { headers: { authorization: `Bearer ${tokens.access}` } });
    expect(profile.json).toMatchObject({ account: { email: 'user@example.com', has_claude_max: true } });
    fake.expireAccessToken(tokens.access);
    expect((await send(fake.profileUrl, { headers: { authorization: `Bearer ${tokens.access}` } })).status).toBe(401);
  });
});
