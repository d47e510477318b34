/**
 * Issue 5, connecting: the seed auth routes with the fake Claude OAuth server. The whole login through the
 * loopback listener (a client that follows the authorize redirect as a browser would), manual completion
 * both ways, status and delete, the port-taken case, and the management-key rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:net';
import { CLAUDE_EXCHANGE_FIELDS } from '../fakes/index.js';
import { startClaudeGateway, type ClaudeGateway } from '../helpers/claude-gateway.js';
import { authorizeRedirect, browseLogin, callbackRefused, httpCall, occupyPort, providerAuth, releasePort } from '../helpers/oauth-gateway.js';

const clientId = 'switchyard-test-client-id';
let setup: ClaudeGateway;

beforeAll(async () => {
  setup = await startClaudeGateway({ oauth: { clientId }, environment: { SWITCHYARD_CLAUDE_CLIENT_ID: clientId } });
});

afterAll(async () => {
  await setup?.close();
});

const claudeAuth = () => providerAuth(setup.gateway, 'claude');
const portRefuses = (port: number) => callbackRefused(port, '/callback');

describe('the settings come from the documented environment variables', () => {
  it('reads SWITCHYARD_CLAUDE_* exactly', () => {
    const settings = setup.gateway.switchyard.settings.get();
    expect(settings.claudeAuthorizeUrl).toBe(setup.oauth.authorizeUrl);
    expect(settings.claudeTokenUrl).toBe(setup.oauth.tokenUrl);
    expect(settings.claudeApiBaseUrl).toBe(setup.anthropic.url);
    expect(settings.claudeCallbackPort).toBe(setup.callbackPort);
    expect(settings.claudeClientId).toBe(clientId);
  });
});

describe('login through the loopback listener', () => {
  it('connects an account when the browser follows the redirect to the listener', async () => {
    const login = await setup.manage('/v1/auth/llmux/claude/login');
    expect(login.status).toBe(200);
    expect(login.json).toMatchObject({ providerId: 'claude', listening: true, redirectUri: `http://localhost:${setup.callbackPort}/callback` });
    expect(String(login.json.termsNotice)).toContain("Anthropic's terms");
    expect(login.text).not.toMatch(/verifier/i);
    const url = new URL(String(login.json.url));
    expect(`${url.origin}${url.pathname}`).toBe(setup.oauth.authorizeUrl);
    expect(url.searchParams.get('client_id')).toBe(clientId);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBe(login.json.state);
    expect(url.searchParams.get('redirect_uri')).toBe(login.json.redirectUri);
    expect([...url.searchParams.keys()]).toEqual(['code', 'client_id', 'response_type', 'redirect_uri', 'scope', 'code_challenge', 'code_challenge_method', 'state']);

    const { redirectedTo, page } = await browseLogin(url.toString());
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('connected');
    expect(new URL(redirectedTo).origin).toBe(`http://localhost:${setup.callbackPort}`);

    // The code exchange sent the §1 fields in order, with the exact redirect URI and a verifier that matched.
    const exchange = setup.oauth.tokenCalls.find((call) => call.grantType === 'authorization_code');
    expect(exchange?.status).toBe(200);
    expect(Object.keys(exchange?.body ?? {})).toEqual([...CLAUDE_EXCHANGE_FIELDS]);
    expect(exchange?.body.redirect_uri).toBe(login.json.redirectUri);
    expect(String(exchange?.body.code_verifier)).toHaveLength(128);

    const status = await setup.manage('/v1/auth/llmux/claude/status');
    expect(status.json.accounts).toEqual([
      expect.objectContaining({ email: 'user@example.com', connected: true, status: 'ok', plan: 'max', organization: 'Example Org' }),
    ]);
    const [account] = status.json.accounts as Array<{ expiresAt: number }>;
    expect(account.expiresAt).toBeGreaterThan(Date.now());
    expect(await claudeAuth().waitForLogin(String(login.json.state))).toMatchObject({ email: 'user@example.com' });

    // The listener closed after the login, and the state cannot be used again.
    expect(await portRefuses(setup.callbackPort)).toBe(true);
    const replay = await setup.manage('/v1/auth/llmux/claude/callback', { body: { url: redirectedTo } });
    expect(replay.status).toBe(400);
    expect(replay.json).toMatchObject({ error: { param: 'state' } });
  });

  it('keeps tokens out of the vault file in clear and out of every reply', async () => {
    const vaultText = readFileSync(join(setup.gateway.home, 'vault.json'), 'utf8');
    const stored = setup.gateway.switchyard.vault.listAccounts('claude')[0];
    expect(stored.credentials.accessToken).toMatch(/^sk-ant-oat01-/);
    expect(vaultText).not.toContain(stored.credentials.accessToken);
    expect(vaultText).not.toContain(stored.credentials.refreshToken);
    const status = await setup.manage('/v1/auth/llmux/claude/status');
    expect(status.text).not.toContain(stored.credentials.accessToken);
    expect(status.text).not.toContain(stored.credentials.refreshToken);
  });

  it('ends the login with the provider error when the user refuses', async () => {
    setup.oauth.authorizeError = { error: 'access_denied', description: 'The user said no' };
    try {
      const login = await setup.manage('/v1/auth/llmux/claude/login');
      const outcome = claudeAuth().waitForLogin(String(login.json.state));
      const { page } = await browseLogin(String(login.json.url));
      expect(page.status).toBe(400);
      expect(page.text).toContain('access_denied');
      await expect(outcome).rejects.toThrow(/access_denied/);
      expect(await portRefuses(setup.callbackPort)).toBe(true);
    } finally {
      setup.oauth.authorizeError = undefined;
    }
  });

  it('answers a wrong state with 400 and keeps waiting for the right one', async () => {
    const login = await setup.manage('/v1/auth/llmux/claude/login');
    const wrong = await httpCall(`http://127.0.0.1:${setup.callbackPort}/callback?code=x&state=not-the-state`);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('state mismatch');
    claudeAuth().cancelLogin(String(login.json.state));
    await expect(claudeAuth().waitForLogin(String(login.json.state))).rejects.toThrow(/cancelled/);
    expect(await portRefuses(setup.callbackPort)).toBe(true);
  });
});

describe('manual completion (headless machines)', () => {
  it('completes with GET /callback?code&state, without the management key', async () => {
    setup.oauth.enqueueAccount({ email: 'get@example.com', plan: 'pro' });
    const login = await setup.manage('/v1/auth/llmux/claude/login');
    const redirect = await authorizeRedirect(String(login.json.url));
    const done = await httpCall(`${setup.gateway.url}/v1/auth/llmux/claude/callback${redirect.search}`);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ connected: true, account: { email: 'get@example.com', plan: 'pro', status: 'ok' } });
    expect(await portRefuses(setup.callbackPort)).toBe(true);
  });

  it('completes with POST {"url": <pasted redirect URL>}', async () => {
    setup.oauth.enqueueAccount({ email: 'url@example.com' });
    const login = await setup.manage('/v1/auth/llmux/claude/login');
    const redirect = await authorizeRedirect(String(login.json.url));
    const done = await setup.manage('/v1/auth/llmux/claude/callback', { body: { url: redirect.toString() } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ account: { email: 'url@example.com' } });
  });

  it('completes with POST {"code": "code#state"}', async () => {
    setup.oauth.enqueueAccount({ email: 'code@example.com' });
    const login = await setup.manage('/v1/auth/llmux/claude/login');
    const redirect = await authorizeRedirect(String(login.json.url));
    const pasted = `${redirect.searchParams.get('code')}#${redirect.searchParams.get('state')}`;
    const done = await setup.manage('/v1/auth/llmux/claude/callback', { body: { code: pasted } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ account: { email: 'code@example.com' } });
  });

  it('refuses an unknown state on the open GET callback', async () => {
    const done = await httpCall(`${setup.gateway.url}/v1/auth/llmux/claude/callback?code=abc&state=forged`);
    expect(done.status).toBe(400);
    expect(done.json).toMatchObject({ error: { param: 'state', type: 'invalid_request_error' } });
  });

  it('names the missing part of a pasted value', async () => {
    const done = await setup.manage('/v1/auth/llmux/claude/callback', { body: { code: 'only-a-code' } });
    expect(done.status).toBe(400);
    expect(done.json).toMatchObject({ error: { param: 'code' } });
    expect(String((done.json.error as { message: string }).message)).toContain('code#state');
  });
});

describe('status and delete', () => {
  it('filters status by user_email and removes an account', async () => {
    const one = await setup.manage('/v1/auth/llmux/claude/status?user_email=URL@example.com');
    expect(one.json.accounts).toEqual([expect.objectContaining({ email: 'url@example.com' })]);
    const unknown = await setup.manage('/v1/auth/llmux/claude/status?user_email=nobody@example.com');
    expect(unknown.status).toBe(404);

    const removed = await setup.manage('/v1/auth/llmux/claude?user_email=url@example.com', { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ removed: true, email: 'url@example.com' });
    expect(String(removed.json.detail)).toMatch(/no token revocation endpoint/i);
    expect(removed.json.revoked).toBeUndefined();
    expect(setup.gateway.switchyard.vault.getAccount('claude:url@example.com')).toBeUndefined();

    const again = await setup.manage('/v1/auth/llmux/claude?user_email=url@example.com', { method: 'DELETE' });
    expect(again.status).toBe(404);
    const missing = await setup.manage('/v1/auth/llmux/claude', { method: 'DELETE' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: { param: 'user_email' } });
  });

  it('answers 404 for a provider that does not log in', async () => {
    const reply = await setup.manage('/v1/auth/llmux/nothing/status');
    expect(reply.status).toBe(404);
    expect(String((reply.json.error as { message: string }).message)).toContain('claude');
  });
});

describe('the management key', () => {
  it('is required, and the client key is refused', async () => {
    const none = await httpCall(`${setup.gateway.url}/v1/auth/llmux/claude/status`);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: { code: 'unauthorized' } });
    const client = await httpCall(`${setup.gateway.url}/v1/auth/llmux/claude/login`, { headers: { authorization: `Bearer ${setup.gateway.clientKey}` } });
    expect(client.status).toBe(403);
    expect(String((client.json.error as { message: string }).message)).toContain('management key');
    const wrong = await httpCall(`${setup.gateway.url}/v1/auth/llmux/claude/status`, { headers: { authorization: 'Bearer sym-wrong' } });
    expect(wrong.status).toBe(401);
    const bearer = await httpCall(`${setup.gateway.url}/v1/auth/llmux/claude/status`, { headers: { authorization: `Bearer ${setup.gateway.managementKey}` } });
    expect(bearer.status).toBe(200);
  });
});

describe('when the callback port is taken', () => {
  let blocker: Server;

  beforeAll(async () => {
    blocker = await occupyPort(setup.callbackPort);
  });

  afterAll(async () => {
    await releasePort(blocker);
  });

  it('says so and offers manual completion, which works', async () => {
    setup.oauth.enqueueAccount({ email: 'headless@example.com' });
    const login = await setup.manage('/v1/auth/llmux/claude/login');
    expect(login.status).toBe(200);
    expect(login.json.listening).toBe(false);
    expect(String(login.json.listenerError)).toMatch(/already in use/);
    expect(String(login.json.manualCompletion)).toContain('/v1/auth/llmux/claude/callback');
    expect(login.json.redirectUri).toBe(`http://localhost:${setup.callbackPort}/callback`);
    const redirect = await authorizeRedirect(String(login.json.url));
    const done = await setup.manage('/v1/auth/llmux/claude/callback', { body: { url: redirect.toString() } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ account: { email: 'headless@example.com' } });
  });
});

describe('two logins in a row', () => {
  it('moves the listener to the newer login; the older one can still be completed by hand', async () => {
    setup.oauth.enqueueAccount({ email: 'older@example.com' });
    setup.oauth.enqueueAccount({ email: 'newer@example.com' });
    const older = await setup.manage('/v1/auth/llmux/claude/login');
    const olderRedirect = await authorizeRedirect(String(older.json.url));
    const newer = await setup.manage('/v1/auth/llmux/claude/login');
    expect(newer.json.listening).toBe(true);
    const { page } = await browseLogin(String(newer.json.url));
    expect(page.status).toBe(200);
    const done = await setup.manage('/v1/auth/llmux/claude/callback', { body: { url: olderRedirect.toString() } });
    expect(done.json).toMatchObject({ account: { email: 'older@example.com' } });
    const status = await setup.manage('/v1/auth/llmux/claude/status?user_email=newer@example.com');
    expect(status.status).toBe(200);
  });
});
