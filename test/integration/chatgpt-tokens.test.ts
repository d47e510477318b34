/**
 * Issue 6, token lifecycle on ChatGPT accounts: the refresh sends Codex's JSON body and the rotated refresh
 * token is on disk before the new access token is used; concurrent requests on an expiring token share one
 * refresh; the background refresh runs half-way through a short lifetime; `refresh_token_reused` and
 * `invalid_grant` make the account needs-relogin at once (one call, no retry loop); a transient failure is
 * retried; a new login brings the account back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import OpenAI from 'openai';
import { createChatgptProvider } from '../../electron/core/providers/chatgpt/chatgpt-provider.js';
import { connectChatgptThroughBrowser, startChatgptGateway, storedChatgptCredentials, type ChatgptGateway } from '../helpers/chatgpt-gateway.js';
import { eventually, providerAuth, storedAccount } from '../helpers/oauth-gateway.js';

const accountId = 'chatgpt:user@example.com';
let setup: ChatgptGateway;
let openai: OpenAI;

beforeAll(async () => {
  // Only ChatGPT, with short waits between refresh tries so the retry case runs fast.
  setup = await startChatgptGateway({ providerFactories: [(context) => createChatgptProvider(context, { refreshRetryDelaysMs: [10, 10] })] });
  openai = new OpenAI({ baseURL: `${setup.gateway.url}/v1`, apiKey: setup.gateway.clientKey, maxRetries: 0 });
});

afterAll(async () => {
  await setup?.close();
});

const chatgptAuth = () => providerAuth(setup.gateway, 'chatgpt');

const stored = () => storedAccount(setup.gateway, accountId);

/** Another client on the same login (say Codex CLI itself) rotates the refresh token behind our back. */
async function rotateBehindOurBack(refreshToken: string): Promise<void> {
  const reply = await request(setup.oauth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: setup.oauth.clientId, grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  expect(reply.statusCode).toBe(200);
  await reply.body.dump();
}

describe('refresh', () => {
  it('sends the JSON refresh body and persists the rotated refresh token', async () => {
    await connectChatgptThroughBrowser(setup);
    const before = stored();
    const calls = setup.oauth.refreshCalls().length;
    await chatgptAuth().refresh(accountId);
    const call = setup.oauth.refreshCalls()[calls];
    expect(call.contentType).toBe('application/json');
    expect(call.body).toEqual({ client_id: setup.oauth.clientId, grant_type: 'refresh_token', refresh_token: before.credentials.refreshToken });
    expect(call.status).toBe(200);
    const after = stored();
    expect(after.credentials.refreshToken).not.toBe(before.credentials.refreshToken);
    expect(after.credentials.accessToken).not.toBe(before.credentials.accessToken);
    expect(after.credentials.accountId).toBe(before.credentials.accountId);
    expect(setup.oauth.isCurrentRefreshToken(after.credentials.refreshToken)).toBe(true);
    expect(after.status).toBe('ok');
  });

  it('makes exactly one refresh call for 10 concurrent requests on an expiring token', async () => {
    setup.oauth.expiresIn = 30; // less than the minute a request needs: every request must refresh first
    await connectChatgptThroughBrowser(setup);
    setup.oauth.expiresIn = 864_000;
    const refreshesBefore = setup.oauth.refreshCalls().length;
    const upstreamBefore = setup.codex.requests.length;
    setup.oauth.holdRefreshes();
    const answers = Promise.all(
      Array.from({ length: 10 }, (_, index) => openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: `Request ${index}` }] })),
    );
    await setup.oauth.waitForTokenCalls('refresh_token', refreshesBefore + 1);
    setup.oauth.holdRefreshes(false);
    setup.oauth.releaseRefreshes();
    const completions = await answers;
    expect(completions.every((answer) => answer.choices[0].message.content === 'Hello from the fake upstream.')).toBe(true);
    expect(setup.oauth.refreshCalls().length - refreshesBefore).toBe(1);
    const upstream = setup.codex.requests.slice(upstreamBefore);
    expect(new Set(upstream.map((entry) => entry.headers.authorization))).toEqual(new Set([`Bearer ${stored().credentials.accessToken}`]));
    expect(stored().expiresAt).toBeGreaterThan(Date.now() + 86_400_000);
  });

  it('refreshes in the background half-way through a short lifetime', async () => {
    setup.oauth.expiresIn = 2;
    await connectChatgptThroughBrowser(setup);
    setup.oauth.expiresIn = 864_000;
    const loggedIn = stored();
    const refreshes = setup.oauth.refreshCalls().length;
    await setup.oauth.waitForTokenCalls('refresh_token', refreshes + 1);
    await eventually(() => stored().credentials.accessToken !== loggedIn.credentials.accessToken);
    expect(setup.oauth.isCurrentRefreshToken(stored().credentials.refreshToken)).toBe(true);
  });

  it('retries a transient failure and then succeeds', async () => {
    const calls = setup.oauth.refreshCalls().length;
    setup.oauth.enqueueRefreshFault({ status: 503 });
    await chatgptAuth().refresh(accountId);
    expect(setup.oauth.refreshCalls().length - calls).toBe(2);
    expect(stored().status).toBe('ok');
  });
});

describe('a refused refresh', () => {
  it('refresh_token_reused: needs-relogin at once, one call, no retry', async () => {
    await rotateBehindOurBack(stored().credentials.refreshToken);
    const calls = setup.oauth.refreshCalls().length;
    await expect(chatgptAuth().refresh(accountId)).rejects.toThrow(/refresh_token_reused/);
    expect(setup.oauth.refreshCalls().length - calls).toBe(1);
    expect(setup.oauth.refreshCalls().at(-1)?.status).toBe(401);
    expect(stored().status).toBe('needs-relogin');
    expect(stored().statusDetail).toMatch(/refresh_token_reused/);

    const status = await setup.manage('/v1/auth/llmux/chatgpt/status?user_email=user@example.com');
    expect(status.json.accounts).toEqual([expect.objectContaining({ status: 'needs-relogin', connected: false })]);
    const health = await request(`${setup.gateway.url}/v1/health/deep`, { headers: { authorization: `Bearer ${setup.gateway.clientKey}` } });
    expect(await health.body.text()).toMatch(/needs re-login/);

    const failure = await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    // Routing no longer offers the account; either way the client is told to (re)connect it.
    expect(String((failure as Error).message)).toMatch(/needs a new login|No enabled ChatGPT/);
    expect(setup.oauth.refreshCalls().length - calls).toBe(1);
  });

  it('a new login brings the account back', async () => {
    await connectChatgptThroughBrowser(setup);
    expect(stored().status).toBe('ok');
    const completion = await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('Hello from the fake upstream.');
  });

  it('invalid_grant: needs-relogin at once, no retry', async () => {
    const calls = setup.oauth.refreshCalls().length;
    setup.oauth.enqueueRefreshFault({ status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token expired' } });
    await expect(chatgptAuth().refresh(accountId)).rejects.toThrow(/invalid_grant/);
    expect(setup.oauth.refreshCalls().length - calls).toBe(1);
    expect(stored().status).toBe('needs-relogin');
    expect(storedChatgptCredentials(setup).refreshToken).toBeDefined();
  });
});
