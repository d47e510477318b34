/**
 * Issue 6, connecting: the seed auth routes with the fake OpenAI OAuth server. The whole login through the
 * loopback listener (a client that follows the authorize redirect as a browser would), the fallback port
 * when the registered one is taken, an `error=` callback, manual completion, status, and delete with the
 * upstream revocation (a failed revocation still removes the tokens locally).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHATGPT_EXCHANGE_FIELDS } from '../fakes/index.js';
import { startChatgptGateway, storedChatgptCredentials, type ChatgptGateway } from '../helpers/chatgpt-gateway.js';
import { authorizeRedirect, browseLogin, callbackRefused, httpCall, occupyPort, providerAuth, releasePort } from '../helpers/oauth-gateway.js';

const clientId = 'app_switchyard_test_client';
let setup: ChatgptGateway;

beforeAll(async () => {
  setup = await startChatgptGateway({ oauth: { clientId }, environment: { SWITCHYARD_CHATGPT_CLIENT_ID: clientId } });
});

afterAll(async () => {
  await setup?.close();
});

const chatgptAuth = () => providerAuth(setup.gateway, 'chatgpt');
const portRefuses = (port: number) => callbackRefused(port, '/auth/callback');

describe('the settings come from the documented environment variables', () => {
  it('reads SWITCHYARD_CHATGPT_* exactly', () => {
    const settings = setup.gateway.switchyard.settings.get();
    expect(settings.chatgptAuthorizeUrl).toBe(setup.oauth.authorizeUrl);
    expect(settings.chatgptTokenUrl).toBe(setup.oauth.tokenUrl);
    expect(settings.chatgptRevokeUrl).toBe(setup.oauth.revokeUrl);
    expect(settings.chatgptApiBaseUrl).toBe(setup.codex.baseUrl);
    expect(settings.chatgptCallbackPort).toBe(setup.callbackPort);
    expect(settings.chatgptCallbackFallbackPort).toBe(setup.fallbackPort);
    expect(settings.chatgptClientId).toBe(clientId);
  });
});

describe('login through the loopback listener', () => {
  it('connects an account when the browser follows the redirect to the listener', async () => {
    const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({
      providerId: 'chatgpt',
      listening: true,
      redirectUri: `http://localhost:${setup.callbackPort}/auth/callback`,
    });
    expect(String(login.json.termsNotice)).toContain("OpenAI's terms");
    expect(login.text).not.toMatch(/verifier/i);
    const url = new URL(String(login.json.url));
    expect(`${url.origin}${url.pathname}`).toBe(setup.oauth.authorizeUrl);
    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'code_challenge',
      'code_challenge_method',
      'id_token_add_organizations',
      'codex_cli_simplified_flow',
      'state',
      'originator',
    ]);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: login.json.redirectUri,
      scope: 'openid profile email offline_access',
      code_challenge_method: 'S256',
      id_token_add_organizations: 'true',
      codex_cli_simplified_flow: 'true',
      state: login.json.state,
      originator: 'codex_cli_rs',
    });

    const { redirectedTo, page } = await browseLogin(url.toString());
    expect(page.status).toBe(200);
    expect(page.text).toContain('connected');
    expect(new URL(redirectedTo).origin).toBe(`http://localhost:${setup.callbackPort}`);

    // A form-urlencoded exchange with Codex's fields, the exact redirect URI and a verifier that matched.
    const exchange = setup.oauth.tokenCalls.find((call) => call.grantType === 'authorization_code');
    expect(exchange?.status).toBe(200);
    expect(exchange?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(exchange?.body ?? {})).toEqual([...CHATGPT_EXCHANGE_FIELDS]);
    expect(exchange?.body.redirect_uri).toBe(login.json.redirectUri);
    expect(exchange?.body.code_verifier).toHaveLength(128);

    // Email, account id and plan came from the id_token's claims.
    const status = await setup.manage('/v1/auth/llmux/chatgpt/status');
    expect(status.json).toMatchObject({ provider: 'chatgpt' });
    expect(status.json.accounts).toEqual([
      expect.objectContaining({ id: 'chatgpt:user@example.com', email: 'user@example.com', connected: true, status: 'ok', plan: 'plus' }),
    ]);
    const credentials = storedChatgptCredentials(setup);
    expect(credentials.accountId).toBe(setup.codex.accountId);
    expect(credentials.idToken?.split('.')).toHaveLength(3);
    expect(setup.oauth.isCurrentRefreshToken(credentials.refreshToken)).toBe(true);
    expect(await chatgptAuth().waitForLogin(String(login.json.state))).toMatchObject({ email: 'user@example.com' });

    // The listener closed after the login, and the state cannot be used again.
    expect(await portRefuses(setup.callbackPort)).toBe(true);
    const replay = await setup.manage('/v1/auth/llmux/chatgpt/callback', { body: { url: redirectedTo } });
    expect(replay.status).toBe(400);
    expect(replay.json).toMatchObject({ error: { param: 'state' } });
  });

  it('keeps tokens out of the vault file in clear and out of every reply', async () => {
    const vaultText = readFileSync(join(setup.gateway.home, 'vault.json'), 'utf8');
    const credentials = storedChatgptCredentials(setup);
    const status = await setup.manage('/v1/auth/llmux/chatgpt/status');
    for (const secret of [credentials.accessToken, credentials.refreshToken, credentials.idToken]) {
      expect(vaultText).not.toContain(secret);
      expect(status.text).not.toContain(secret);
    }
  });

  it('ends the login with the provider error when the user refuses', async () => {
    setup.oauth.authorizeError = { error: 'access_denied', description: 'The user said no' };
    try {
      const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
      const outcome = chatgptAuth().waitForLogin(String(login.json.state));
      const { page } = await browseLogin(String(login.json.url));
      expect(page.status).toBe(400);
      expect(page.text).toContain('access_denied');
      await expect(outcome).rejects.toThrow(/ChatGPT refused the login: access_denied \(The user said no\)/);
      expect(await portRefuses(setup.callbackPort)).toBe(true);
    } finally {
      setup.oauth.authorizeError = undefined;
    }
  });

  it('ends a manually completed login with the provider error too', async () => {
    setup.oauth.authorizeError = { error: 'access_denied', description: 'Not today' };
    try {
      const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
      const outcome = chatgptAuth().waitForLogin(String(login.json.state));
      const redirect = await authorizeRedirect(String(login.json.url));
      const done = await setup.manage('/v1/auth/llmux/chatgpt/callback', { body: { url: redirect.toString() } });
      expect(done.status).toBe(400);
      expect(String((done.json.error as { message: string }).message)).toContain('access_denied (Not today)');
      await expect(outcome).rejects.toThrow(/access_denied/);
    } finally {
      setup.oauth.authorizeError = undefined;
    }
  });
});

describe('the callback port', () => {
  it('falls back to the second port when the registered one is taken, and the login completes there', async () => {
    const blocker = await occupyPort(setup.callbackPort);
    try {
      setup.oauth.enqueueAccount({ email: 'fallback@example.com', accountId: 'acct_fallback' });
      const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
      expect(login.json).toMatchObject({ listening: true, redirectUri: `http://localhost:${setup.fallbackPort}/auth/callback` });
      expect(new URL(String(login.json.url)).searchParams.get('redirect_uri')).toBe(`http://localhost:${setup.fallbackPort}/auth/callback`);
      const { redirectedTo, page } = await browseLogin(String(login.json.url));
      expect(page.status).toBe(200);
      expect(new URL(redirectedTo).port).toBe(String(setup.fallbackPort));
      expect(setup.oauth.tokenCalls.at(-1)?.body.redirect_uri).toBe(`http://localhost:${setup.fallbackPort}/auth/callback`);
      expect(await portRefuses(setup.fallbackPort)).toBe(true);
    } finally {
      await releasePort(blocker);
    }
    const status = await setup.manage('/v1/auth/llmux/chatgpt/status?user_email=fallback@example.com');
    expect(status.json.accounts).toEqual([expect.objectContaining({ email: 'fallback@example.com', status: 'ok' })]);
  });

  it('offers manual completion when both ports are taken, which works', async () => {
    const blockers = [await occupyPort(setup.callbackPort), await occupyPort(setup.fallbackPort)];
    try {
      setup.oauth.enqueueAccount({ email: 'headless@example.com', accountId: 'acct_headless' });
      const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
      expect(login.status).toBe(200);
      expect(login.json.listening).toBe(false);
      expect(String(login.json.listenerError)).toMatch(/already in use/);
      expect(String(login.json.manualCompletion)).toContain('/v1/auth/llmux/chatgpt/callback');
      expect(login.json.redirectUri).toBe(`http://localhost:${setup.callbackPort}/auth/callback`);
      const redirect = await authorizeRedirect(String(login.json.url));
      const done = await setup.manage('/v1/auth/llmux/chatgpt/callback', { body: { url: redirect.toString() } });
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({ connected: true, account: { email: 'headless@example.com' } });
    } finally {
      await Promise.all(blockers.map(releasePort));
    }
  });
});

describe('manual completion (headless machines)', () => {
  it('completes with GET /callback?code&state, without the management key', async () => {
    setup.oauth.enqueueAccount({ email: 'get@example.com', accountId: 'acct_get', plan: 'pro' });
    const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
    const redirect = await authorizeRedirect(String(login.json.url));
    const done = await httpCall(`${setup.gateway.url}/v1/auth/llmux/chatgpt/callback${redirect.search}`);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ connected: true, account: { email: 'get@example.com', plan: 'pro', status: 'ok' } });
    expect(await portRefuses(setup.callbackPort)).toBe(true);
  });

  it('completes with POST {"code": "code#state"}', async () => {
    setup.oauth.enqueueAccount({ email: 'code@example.com', accountId: 'acct_code' });
    const login = await setup.manage('/v1/auth/llmux/chatgpt/login');
    const redirect = await authorizeRedirect(String(login.json.url));
    const pasted = `${redirect.searchParams.get('code')}#${redirect.searchParams.get('state')}`;
    const done = await setup.manage('/v1/auth/llmux/chatgpt/callback', { body: { code: pasted } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ account: { email: 'code@example.com' } });
  });
});

describe('delete', () => {
  it('revokes the refresh token at OpenAI, then removes the tokens', async () => {
    const { refreshToken } = storedChatgptCredentials(setup, 'code@example.com');
    const removed = await setup.manage('/v1/auth/llmux/chatgpt?user_email=code@example.com', { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ provider: 'chatgpt', email: 'code@example.com', removed: true, revoked: true });
    expect(String(removed.json.detail)).toMatch(/revoked at OpenAI/);
    const revocation = setup.oauth.revokeCalls.at(-1);
    expect(revocation?.contentType).toBe('application/json');
    expect(revocation?.body).toEqual({ token: refreshToken, token_type_hint: 'refresh_token', client_id: clientId });
    expect(revocation?.status).toBe(200);
    expect(setup.oauth.isRevoked(refreshToken)).toBe(true);
    expect(setup.gateway.switchyard.vault.getAccount('chatgpt:code@example.com')).toBeUndefined();
    expect(removed.text).not.toContain(refreshToken);

    const again = await setup.manage('/v1/auth/llmux/chatgpt?user_email=code@example.com', { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('still removes the tokens locally when the revocation fails, and says so', async () => {
    const { refreshToken } = storedChatgptCredentials(setup, 'get@example.com');
    setup.oauth.revokeFailure = 503;
    try {
      const removed = await setup.manage('/v1/auth/llmux/chatgpt?user_email=get@example.com', { method: 'DELETE' });
      expect(removed.status).toBe(200);
      expect(removed.json).toMatchObject({ removed: true, revoked: false });
      expect(String(removed.json.detail)).toMatch(/revoking the refresh token at OpenAI failed: OpenAI answered HTTP 503/);
      expect(setup.gateway.switchyard.vault.getAccount('chatgpt:get@example.com')).toBeUndefined();
      expect(setup.oauth.isRevoked(refreshToken)).toBe(false);
    } finally {
      setup.oauth.revokeFailure = undefined;
    }
  });
});
