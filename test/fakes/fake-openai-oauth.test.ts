/** The fake OpenAI OAuth server is strict: these pin what it refuses, so tests fail where OpenAI would. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { authorize, pkce } from './fake-test-helpers.js';
import { DEFAULT_CHATGPT_CLIENT_ID, DEFAULT_CODEX_ACCOUNT_ID, startFakeOpenAiOAuth, type FakeOpenAiOAuth } from './index.js';

let fake: FakeOpenAiOAuth;
const redirectUri = 'http://localhost:1455/auth/callback';

beforeAll(async () => {
  fake = await startFakeOpenAiOAuth();
});

afterAll(async () => {
  await fake?.close();
});

function authorizeUrl(overrides: Record<string, string | null> = {}, challenge = pkce().challenge): string {
  const url = new URL(fake.authorizeUrl);
  const parameters: Record<string, string | null> = {
    response_type: 'code',
    client_id: DEFAULT_CHATGPT_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    id_token_add_organizations: 'true',
    codex_cli_simplified_flow: 'true',
    state: 'st',
    originator: 'codex_cli_rs',
    ...overrides,
  };
  for (const [key, value] of Object.entries(parameters)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

async function post(url: string, body: string, contentType: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const reply = await request(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: reply.statusCode, json: (await reply.body.json()) as Record<string, unknown> };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function login(): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkce();
  const { location } = await authorize(authorizeUrl({}, challenge));
  const fields = { grant_type: 'authorization_code', code: String(location?.searchParams.get('code')), redirect_uri: redirectUri, client_id: DEFAULT_CHATGPT_CLIENT_ID, code_verifier: verifier };
  const exchange = await post(fake.tokenUrl, form(fields), 'application/x-www-form-urlencoded');
  expect(exchange.status).toBe(200);
  return exchange.json;
}

function claims(jwt: unknown): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('authorize', () => {
  it('redirects to the loopback callback with code and state', async () => {
    const { status, location } = await authorize(authorizeUrl());
    expect(status).toBe(302);
    expect(`${location?.origin}${location?.pathname}`).toBe('http://localhost:1455/auth/callback');
    expect(location?.searchParams.get('state')).toBe('st');
    expect(location?.searchParams.get('code')).toMatch(/^ac_/);
  });

  it.each([
    ['a missing originator', { originator: null }],
    ['no simplified flow', { codex_cli_simplified_flow: null }],
    ['no organizations in the id_token', { id_token_add_organizations: 'false' }],
    ['a plain challenge', { code_challenge_method: 'plain' }],
    ['another redirect path', { redirect_uri: 'http://localhost:1455/callback' }],
    ['no offline_access', { scope: 'openid profile email' }],
    ['an unknown client', { client_id: 'app_other' }],
  ])('refuses %s', async (_name, overrides) => {
    expect((await authorize(authorizeUrl(overrides))).status).toBe(400);
  });
});

describe('token', () => {
  it('exchanges a form-urlencoded code for tokens with the §2 claims, and refuses JSON or a wrong verifier', async () => {
    const tokens = await login();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 864_000, refresh_token: expect.stringMatching(/^rt_/) });
    expect(claims(tokens.id_token)).toMatchObject({
      email: 'user@example.com',
      'https://api.openai.com/auth': { chatgpt_account_id: DEFAULT_CODEX_ACCOUNT_ID, chatgpt_plan_type: 'plus', organizations: [expect.objectContaining({ is_default: true })] },
    });
    expect(fake.validAccessTokens().has(String(tokens.access_token))).toBe(true);
    expect(fake.accountIdForToken(String(tokens.access_token))).toBe(DEFAULT_CODEX_ACCOUNT_ID);

    const { challenge } = pkce();
    const { location } = await authorize(authorizeUrl({}, challenge));
    const fields = { grant_type: 'authorization_code', code: String(location?.searchParams.get('code')), redirect_uri: redirectUri, client_id: DEFAULT_CHATGPT_CLIENT_ID, code_verifier: pkce().verifier };
    expect((await post(fake.tokenUrl, JSON.stringify(fields), 'application/json')).status).toBe(400);
    const wrongVerifier = await post(fake.tokenUrl, form(fields), 'application/x-www-form-urlencoded');
    expect(wrongVerifier).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('rotates refresh tokens (JSON or form) and answers refresh_token_reused to a rotated-out one', async () => {
    const first = String((await login()).refresh_token);
    const refreshed = await post(fake.tokenUrl, JSON.stringify({ client_id: DEFAULT_CHATGPT_CLIENT_ID, grant_type: 'refresh_token', refresh_token: first }), 'application/json');
    expect(refreshed.status).toBe(200);
    const second = String(refreshed.json.refresh_token);
    expect(second).not.toBe(first);
    const byForm = await post(fake.tokenUrl, form({ client_id: DEFAULT_CHATGPT_CLIENT_ID, grant_type: 'refresh_token', refresh_token: second }), 'application/x-www-form-urlencoded');
    expect(byForm.status).toBe(200);
    const reused = await post(fake.tokenUrl, JSON.stringify({ client_id: DEFAULT_CHATGPT_CLIENT_ID, grant_type: 'refresh_token', refresh_token: first }), 'application/json');
    expect(reused).toMatchObject({ status: 401, json: { error: { code: 'refresh_token_reused' } } });
    expect(fake.isRevoked(String(byForm.json.refresh_token))).toBe(true);
  });
});

describe('revoke', () => {
  it('takes JSON, records the call and revokes the grant', async () => {
    const tokens = await login();
    const refreshToken = String(tokens.refresh_token);
    const body = JSON.stringify({ token: refreshToken, token_type_hint: 'refresh_token', client_id: DEFAULT_CHATGPT_CLIENT_ID });
    expect((await post(fake.revokeUrl, body, 'application/json')).status).toBe(200);
    expect(fake.revokeCalls.at(-1)?.body).toMatchObject({ token: refreshToken, token_type_hint: 'refresh_token' });
    expect(fake.isRevoked(refreshToken)).toBe(true);
    expect(fake.validAccessTokens().has(String(tokens.access_token))).toBe(false);
    expect((await post(fake.revokeUrl, form({ token: refreshToken }), 'application/x-www-form-urlencoded')).status).toBe(400);
  });
});
