/**
 * Fake OpenAI OAuth (auth.openai.com as Codex CLI uses it, protocols.md §2), strict like the real one:
 * - GET /oauth/authorize checks client_id, response_type=code, an S256 challenge, a loopback
 *   `http://localhost:<port>/auth/callback` redirect, the scopes, state, `id_token_add_organizations`,
 *   `codex_cli_simplified_flow` and `originator`, then 302-redirects with `code` and `state` (or an error);
 * - POST /oauth/token: the code exchange must be form-urlencoded (grant_type, code, redirect_uri,
 *   client_id, code_verifier; exact redirect, PKCE verified) and answers an `id_token` with the
 *   `https://api.openai.com/auth` claims; the refresh takes JSON or form, rotates the refresh token, and a
 *   rotated-out token answers 401 `refresh_token_reused` and revokes the grant;
 * - POST /oauth/revoke takes JSON `{token, token_type_hint, client_id}`, records it and revokes the grant.
 * Tokens are unsigned-looking JWTs (header.payload.signature, base64url JSON) except the opaque refresh tokens.
 * Wire it to the Codex fake with `accessTokens: () => oauth.validAccessTokens()` and `accountIdForToken`.
 * The machinery both OAuth fakes share (PKCE, codes, rotation, knobs) is in fake-oauth-base.ts.
 * Nothing here imports from electron/core: the fakes are an outside view of the wire.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_CODEX_ACCOUNT_ID } from './fake-codex.js';
import { FakeOAuthBase, type FakeGrant, type TokenAnswer, type TokenRequest } from './fake-oauth-base.js';
import type { Exchange } from './fake-upstream-base.js';

export const DEFAULT_CHATGPT_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const CHATGPT_EXCHANGE_FIELDS = ['grant_type', 'code', 'redirect_uri', 'client_id', 'code_verifier'] as const;
const AUTH_CLAIM = 'https://api.openai.com/auth';
const PROFILE_CLAIM = 'https://api.openai.com/profile';

export interface FakeChatgptAccount {
  email: string;
  /** `chatgpt_account_id`; the Codex fake requires it as `chatgpt-account-id`. */
  accountId?: string;
  plan?: string;
  organizationTitle?: string;
}

export interface FakeOpenAiOAuthOptions {
  clientId?: string;
  account?: FakeChatgptAccount;
  /** Access-token lifetime in seconds (default 10 days). */
  expiresIn?: number;
}

export interface OpenAiTokenCall {
  grantType: string;
  contentType: string;
  body: Record<string, string>;
  /** The status the fake answered (0 while held). */
  status: number;
}

export interface RevokeCall {
  contentType: string;
  body: Record<string, unknown>;
  status: number;
}

const DEFAULT_ACCOUNT: Required<FakeChatgptAccount> = {
  email: 'user@example.com',
  accountId: DEFAULT_CODEX_ACCOUNT_ID,
  plan: 'plus',
  organizationTitle: 'Personal',
};

/** A compact JWT with a random, unverifiable signature segment. */
export function fakeJwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT', kid: 'fake-key' })}.${encode(payload)}.${randomBytes(32).toString('base64url')}`;
}

export class FakeOpenAiOAuth extends FakeOAuthBase<Required<FakeChatgptAccount>, OpenAiTokenCall> {
  /** When set, the revoke endpoint answers this status (and revokes nothing). */
  revokeFailure: number | undefined;
  readonly revokeCalls: RevokeCall[] = [];
  protected readonly exchangeFields: readonly string[] = CHATGPT_EXCHANGE_FIELDS;
  protected readonly bodyRequirement = 'The body must be form-urlencoded or JSON';
  protected readonly refreshTokenPrefix = 'rt_';
  private readonly accountQueue: FakeChatgptAccount[] = [];

  constructor(private readonly options: FakeOpenAiOAuthOptions = {}) {
    super(options.clientId ?? DEFAULT_CHATGPT_CLIENT_ID, options.expiresIn ?? 864_000);
  }

  get authorizeUrl(): string {
    return `${this.url}/oauth/authorize`;
  }

  get tokenUrl(): string {
    return `${this.url}/oauth/token`;
  }

  get revokeUrl(): string {
    return `${this.url}/oauth/revoke`;
  }

  enqueueAccount(account: FakeChatgptAccount): void {
    this.accountQueue.push(account);
  }

  /** The `chatgpt_account_id` an access token belongs to. */
  accountIdForToken(token: string): string | undefined {
    return this.grantOfAccessToken(token)?.account.accountId;
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const path = exchange.url.pathname;
    if (method === 'GET' && path === '/oauth/authorize') return this.authorize(exchange);
    if (method === 'POST' && path === '/oauth/token') return this.token(exchange);
    if (method === 'POST' && path === '/oauth/revoke') return this.revoke(exchange);
    exchange.sendJson(404, { error: { message: `Not found: ${method} ${path}`, type: 'invalid_request_error' } });
  }

  protected isRegisteredRedirect(redirectUri: string): boolean {
    return isLoopbackRedirect(redirectUri);
  }

  protected authorizeRefusal(query: URLSearchParams): string | undefined {
    const scopes = (query.get('scope') ?? '').split(' ');
    if (!scopes.includes('openid') || !scopes.includes('offline_access')) return 'scope must include openid and offline_access';
    if (query.get('id_token_add_organizations') !== 'true') return 'id_token_add_organizations must be true';
    if (query.get('codex_cli_simplified_flow') !== 'true') return 'codex_cli_simplified_flow must be true';
    if (!query.get('originator')) return 'originator is required';
    return this.stateRefusal(query);
  }

  protected mintCode(): string {
    return `ac_${randomBytes(16).toString('hex')}`;
  }

  protected nextAccount(): Required<FakeChatgptAccount> {
    return { ...DEFAULT_ACCOUNT, ...this.options.account, ...this.accountQueue.shift() };
  }

  /** Form-urlencoded or JSON (the code exchange must be the former). */
  protected readTokenRequest(exchange: Exchange): TokenRequest<OpenAiTokenCall> {
    const contentType = (exchange.header('content-type') ?? '').toLowerCase();
    const body = readBody(exchange.request.bodyText, contentType);
    return { call: { grantType: body?.grant_type ?? '', contentType, body: body ?? {}, status: 0 }, fields: body };
  }

  protected exchangeEncodingRefusal(call: OpenAiTokenCall): string | undefined {
    return call.contentType.startsWith('application/x-www-form-urlencoded') ? undefined : 'The code exchange must be form-urlencoded';
  }

  protected describeGrantType(grantType: unknown): string {
    return typeof grantType === 'string' ? grantType : '(missing)';
  }

  protected refuseReusedRefreshToken(answer: TokenAnswer): void {
    answer(401, {
      error: {
        message: 'Your refresh token has already been used to generate a new access token. Please try signing in again.',
        type: 'invalid_request_error',
        param: null,
        code: 'refresh_token_reused',
      },
    });
  }

  private revoke(exchange: Exchange): void {
    const contentType = (exchange.header('content-type') ?? '').toLowerCase();
    const body = exchange.request.body !== null && typeof exchange.request.body === 'object' ? (exchange.request.body as Record<string, unknown>) : {};
    const call: RevokeCall = { contentType, body, status: 0 };
    this.revokeCalls.push(call);
    const answer = (status: number, payload: unknown) => {
      call.status = status;
      exchange.sendJson(status, payload);
    };
    if (this.revokeFailure !== undefined) return answer(this.revokeFailure, { error: 'server_error', error_description: 'Injected revoke failure' });
    if (!contentType.startsWith('application/json')) return answer(400, { error: 'invalid_request', error_description: 'The body must be JSON' });
    if (typeof body.token !== 'string' || body.token === '') return answer(400, { error: 'invalid_request', error_description: 'token is required' });
    if (body.client_id !== undefined && body.client_id !== this.clientId) return answer(401, { error: 'invalid_client', error_description: 'Unknown client_id' });
    for (const grant of this.grants) if (grant.refreshToken === body.token || grant.retired.has(body.token)) grant.revoked = true;
    // RFC 7009: an unknown token is not an error.
    answer(200, {});
  }

  protected tokenBody(grant: FakeGrant<Required<FakeChatgptAccount>>): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const { account } = grant;
    const auth = {
      chatgpt_account_id: account.accountId,
      chatgpt_plan_type: account.plan,
      chatgpt_user_id: `user-${account.accountId}`,
      user_id: `user-${account.accountId}`,
    };
    const accessToken = fakeJwt({
      iss: 'https://auth.openai.com',
      aud: ['https://api.openai.com/v1'],
      sub: `auth0|${account.accountId}`,
      iat: now,
      exp: now + this.expiresIn,
      jti: randomBytes(8).toString('hex'),
      [AUTH_CLAIM]: auth,
      [PROFILE_CLAIM]: { email: account.email, email_verified: true },
    });
    this.registerAccessToken(accessToken, grant);
    const idToken = fakeJwt({
      iss: 'https://auth.openai.com',
      aud: [this.clientId],
      sub: `auth0|${account.accountId}`,
      email: account.email,
      email_verified: true,
      iat: now,
      exp: now + 3600,
      [AUTH_CLAIM]: {
        ...auth,
        organizations: [{ id: `org-${account.accountId}`, is_default: true, role: 'owner', title: account.organizationTitle }],
        chatgpt_subscription_active_until: new Date((now + 30 * 86_400) * 1000).toISOString(),
      },
    });
    return { id_token: idToken, access_token: accessToken, refresh_token: grant.refreshToken, token_type: 'Bearer', expires_in: this.expiresIn };
  }
}

/** Codex's registered redirect: `http://localhost:<port>/auth/callback`. */
function isLoopbackRedirect(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && url.hostname === 'localhost' && url.port !== '' && url.pathname === '/auth/callback' && url.search === '';
  } catch {
    return false;
  }
}

function readBody(text: string, contentType: string): Record<string, string> | undefined {
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export async function startFakeOpenAiOAuth(options?: FakeOpenAiOAuthOptions): Promise<FakeOpenAiOAuth> {
  return new FakeOpenAiOAuth(options).listen();
}
