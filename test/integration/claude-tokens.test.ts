/**
 * Issue 5, token lifecycle on one Claude account: concurrent requests on an expiring token share one
 * refresh; the background refresh runs ahead of expiry; a refresh answer without refresh_token keeps the
 * old one; a revoked grant turns the account needs-relogin (status, deep health, the client's error);
 * a new login brings it back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { connectThroughBrowser, startClaudeGateway, type ClaudeGateway } from '../helpers/claude-gateway.js';
import { eventually, httpCall, storedAccount } from '../helpers/oauth-gateway.js';

const accountId = 'claude:user@example.com';
let setup: ClaudeGateway;
let openai: OpenAI;

beforeAll(async () => {
  setup = await startClaudeGateway();
  openai = new OpenAI({ baseURL: `${setup.gateway.url}/v1`, apiKey: setup.gateway.clientKey, maxRetries: 0 });
});

afterAll(async () => {
  await setup?.close();
});

const stored = () => storedAccount(setup.gateway, accountId);

describe('refresh', () => {
  it('makes exactly one refresh call for 20 concurrent requests on an expiring token', async () => {
    setup.oauth.expiresIn = 30; // less than the minute a request needs: every request must refresh first
    await connectThroughBrowser(setup);
    setup.oauth.expiresIn = 28_800;
    const before = stored();
    expect(before.expiresAt).toBeLessThan(Date.now() + 60_000);
    const refreshesBefore = setup.oauth.refreshCalls().length;
    const upstreamBefore = setup.anthropic.requests.length;

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: `Request ${index}` }] }),
      ),
    );
    expect(answers.every((answer) => answer.choices[0].message.content === 'Hello from the fake upstream.')).toBe(true);
    expect(setup.oauth.refreshCalls().length - refreshesBefore).toBe(1);
    const after = stored();
    expect(after.credentials.accessToken).not.toBe(before.credentials.accessToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 3_600_000);
    const upstream = setup.anthropic.requests.slice(upstreamBefore);
    expect(upstream).toHaveLength(20);
    expect(new Set(upstream.map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${after.credentials.accessToken}`]));
  });

  it('refreshes in the background half-way through a short lifetime', async () => {
    setup.oauth.expiresIn = 2;
    await connectThroughBrowser(setup);
    setup.oauth.expiresIn = 28_800;
    const loggedIn = stored();
    const refreshes = setup.oauth.refreshCalls().length;
    await setup.oauth.waitForTokenCalls('refresh_token', refreshes + 1);
    await eventually(() => stored().credentials.accessToken !== loggedIn.credentials.accessToken);
    expect(setup.oauth.isCurrentRefreshToken(stored().credentials.refreshToken)).toBe(true);
    expect(stored().expiresAt).toBeGreaterThan(Date.now() + 3_600_000);
  });

  it('keeps the old refresh token when the answer has none', async () => {
    const before = stored();
    setup.oauth.omitRefreshToken = true;
    try {
      await setup.gateway.switchyard.providers.find((provider) => provider.id === 'claude')?.auth?.refresh(accountId);
    } finally {
      setup.oauth.omitRefreshToken = false;
    }
    const after = stored();
    expect(after.credentials.accessToken).not.toBe(before.credentials.accessToken);
    expect(after.credentials.refreshToken).toBe(before.credentials.refreshToken);
  });
});

describe('a grant that is gone', () => {
  it('marks the account needs-relogin, in status, deep health and the client error', async () => {
    setup.oauth.enqueueRefreshFault({ status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token revoked' } });
    setup.oauth.expireAccessToken(stored().credentials.accessToken);
    const error = await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ code: 'needs_relogin' });
    expect((error as Error).message).toContain('/v1/auth/llmux/claude/login');

    const status = await setup.manage('/v1/auth/llmux/claude/status');
    expect(status.json.accounts).toEqual([expect.objectContaining({ email: 'user@example.com', connected: false, status: 'needs-relogin' })]);
    const health = await httpCall(`${setup.gateway.url}/v1/health/deep`, { headers: { authorization: `Bearer ${setup.gateway.clientKey}` } });
    expect(health.json.checks).toContainEqual(
      expect.objectContaining({ name: 'Claude Pro/Max account user@example.com', state: 'warn', detail: expect.stringContaining('invalid_grant') }),
    );
  });

  it('comes back with a new login', async () => {
    await connectThroughBrowser(setup);
    const status = await setup.manage('/v1/auth/llmux/claude/status?user_email=user@example.com');
    expect(status.json.accounts).toEqual([expect.objectContaining({ connected: true, status: 'ok' })]);
    const answer = await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] });
    expect(answer.choices[0].message.content).toBe('Hello from the fake upstream.');
  });
});
