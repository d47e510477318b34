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
 * Nothing here imports from electron/core: the fakes are an outside view of the wire.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FakeUpstream, type Exchange } from './fake-upstream-base.js';
import { DEFAULT_CODEX_ACCOUNT_ID } from './fake-codex.js';

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

interface IssuedCode {
  challenge: string;
  redirectUri: string;
  account: Required<FakeChatgptAccount>;
  used: boolean;
}

interface Grant {
  account: Required<FakeChatgptAccount>;
  refreshToken: string;
  retired: Set<string>;
  revoked: boolean;
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

export class FakeOpenAiOAuth extends FakeUpstream {
  readonly clientId: string;
  /** Lifetime (seconds) of the next access tokens issued. */
  expiresIn: number;
  /** When set, authorize redirects with this error instead of a code. */
  authorizeError: { error: string; description?: string } | undefined;
  /** When set, the revoke endpoint answers this status (and revokes nothing). */
  revokeFailure: number | undefined;
  readonly tokenCalls: OpenAiTokenCall[] = [];
  readonly revokeCalls: RevokeCall[] = [];
  private readonly accountQueue: FakeChatgptAccount[] = [];
  private readonly refreshFaults: Array<{ status: number; body?: unknown; headers?: Record<string, string> }> = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly grants: Grant[] = [];
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly forcedExpired = new Set<string>();
  private readonly tokenWaiters: Array<() => boolean> = [];
  private holding = false;
  private readonly held: Array<() => void> = [];

  constructor(private readonly options: FakeOpenAiOAuthOptions = {}) {
    super();
    this.clientId = options.clientId ?? DEFAULT_CHATGPT_CLIENT_ID;
    this.expiresIn = options.expiresIn ?? 864_000;
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

  /** The next refresh calls answer these instead of refreshing (nothing rotates). */
  enqueueRefreshFault(...faults: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>): void {
    this.refreshFaults.push(...faults);
  }

  /** While holding, refresh requests are recorded but not answered until `releaseRefreshes` (or close). */
  holdRefreshes(hold = true): void {
    this.holding = hold;
  }

  releaseRefreshes(): void {
    for (const release of this.held.splice(0)) release();
  }

  refreshCalls(): OpenAiTokenCall[] {
    return this.tokenCalls.filter((call) => call.grantType === 'refresh_token');
  }

  waitForTokenCalls(grantType: 'authorization_code' | 'refresh_token', count: number): Promise<OpenAiTokenCall[]> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const calls = this.tokenCalls.filter((call) => call.grantType === grantType);
        if (calls.length < count) return false;
        resolve(calls);
        return true;
      };
      if (!check()) this.tokenWaiters.push(check);
    });
  }

  /** Access tokens the Codex backend should accept now. */
  validAccessTokens(): Set<string> {
    const now = Date.now();
    const valid = new Set<string>();
    for (const [token, issued] of this.accessTokens) {
      if (!issued.grant.revoked && issued.expiresAt > now && !this.forcedExpired.has(token)) valid.add(token);
    }
    return valid;
  }

  /** Access tokens the Codex backend should answer with `token_expired`. */
  expiredAccessTokens(): Set<string> {
    const now = Date.now();
    const expired = new Set(this.forcedExpired);
    for (const [token, issued] of this.accessTokens) if (issued.expiresAt <= now) expired.add(token);
    return expired;
  }

  /** The `chatgpt_account_id` an access token belongs to. */
  accountIdForToken(token: string): string | undefined {
    return this.accessTokens.get(token)?.grant.account.accountId;
  }

  expireAccessToken(token: string): void {
    this.forcedExpired.add(token);
  }

  /** Every refresh token this fake has issued, oldest first. */
  issuedRefreshTokens(): string[] {
    return this.grants.flatMap((grant) => [...grant.retired, grant.refreshToken]);
  }

  /** Every access token this fake has issued. */
  issuedAccessTokens(): string[] {
    return [...this.accessTokens.keys()];
  }

  isCurrentRefreshToken(token: string): boolean {
    return this.grants.some((grant) => !grant.revoked && grant.refreshToken === token);
  }

  isRevoked(refreshToken: string): boolean {
    return this.grants.some((grant) => grant.revoked && (grant.refreshToken === refreshToken || grant.retired.has(refreshToken)));
  }

  override async close(): Promise<void> {
    this.holding = false;
    this.releaseRefreshes();
    await super.close();
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const path = exchange.url.pathname;
    if (method === 'GET' && path === '/oauth/authorize') return this.authorize(exchange);
    if (method === 'POST' && path === '/oauth/token') return this.token(exchange);
    if (method === 'POST' && path === '/oauth/revoke') return this.revoke(exchange);
    exchange.sendJson(404, { error: { message: `Not found: ${method} ${path}`, type: 'invalid_request_error' } });
  }

  private authorize(exchange: Exchange): void {
    const query = exchange.url.searchParams;
    const refuse = (description: string) => exchange.sendJson(400, { error: 'invalid_request', error_description: description });
    if (query.get('client_id') !== this.clientId) return exchange.sendJson(400, { error: 'invalid_client', error_description: 'Unknown client_id' });
    if (query.get('response_type') !== 'code') return refuse('response_type must be code');
    if (query.get('code_challenge_method') !== 'S256') return refuse('code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(query.get('code_challenge') ?? '')) return refuse('code_challenge must be a base64url SHA-256 digest');
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirectUri)) return refuse(`redirect_uri ${redirectUri || '(missing)'} is not registered for this client`);
    const scopes = (query.get('scope') ?? '').split(' ');
    if (!scopes.includes('openid') || !scopes.includes('offline_access')) return refuse('scope must include openid and offline_access');
    if (query.get('id_token_add_organizations') !== 'true') return refuse('id_token_add_organizations must be true');
    if (query.get('codex_cli_simplified_flow') !== 'true') return refuse('codex_cli_simplified_flow must be true');
    if (!query.get('originator')) return refuse('originator is required');
    const state = query.get('state');
    if (!state) return refuse('state is required');
    const target = new URL(redirectUri);
    if (this.authorizeError) {
      target.searchParams.set('error', this.authorizeError.error);
      if (this.authorizeError.description) target.searchParams.set('error_description', this.authorizeError.description);
    } else {
      const code = `ac_${randomBytes(16).toString('hex')}`;
      const account = { ...DEFAULT_ACCOUNT, ...this.options.account, ...this.accountQueue.shift() };
      this.codes.set(code, { challenge: query.get('code_challenge') as string, redirectUri, account, used: false });
      target.searchParams.set('code', code);
    }
    target.searchParams.set('state', state);
    exchange.sendJson(302, '', { location: target.toString() });
  }

  private async token(exchange: Exchange): Promise<void> {
    const contentType = (exchange.header('content-type') ?? '').toLowerCase();
    const body = readBody(exchange.request.bodyText, contentType);
    const call: OpenAiTokenCall = { grantType: body?.grant_type ?? '', contentType, body: body ?? {}, status: 0 };
    this.tokenCalls.push(call);
    this.tokenWaiters.splice(0, this.tokenWaiters.length, ...this.tokenWaiters.filter((waiter) => !waiter()));
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      exchange.sendJson(status, payload, headers);
    };
    const invalid = (error: string, description: string) => answer(400, { error, error_description: description });
    if (!body) return invalid('invalid_request', 'The body must be form-urlencoded or JSON');
    if (body.client_id !== this.clientId) return answer(401, { error: 'invalid_client', error_description: 'Unknown client_id' });
    if (body.grant_type === 'authorization_code') {
      if (!contentType.startsWith('application/x-www-form-urlencoded')) return invalid('invalid_request', 'The code exchange must be form-urlencoded');
      return this.exchangeCode(body, answer, invalid);
    }
    if (body.grant_type === 'refresh_token') {
      if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
      const fault = this.refreshFaults.shift();
      if (fault) return answer(fault.status, fault.body ?? { error: 'server_error', error_description: 'Injected fault' }, fault.headers);
      return this.refresh(body, answer, invalid);
    }
    invalid('unsupported_grant_type', `Unsupported grant_type ${body.grant_type ?? '(missing)'}`);
  }

  private exchangeCode(
    body: Record<string, string>,
    answer: (status: number, payload: unknown) => void,
    invalid: (error: string, description: string) => void,
  ): void {
    for (const field of CHATGPT_EXCHANGE_FIELDS) if (!body[field]) return invalid('invalid_request', `${field} is required`);
    const issued = this.codes.get(body.code);
    if (!issued || issued.used) return invalid('invalid_grant', 'Invalid or already used authorization code');
    issued.used = true;
    if (body.redirect_uri !== issued.redirectUri) return invalid('invalid_grant', 'redirect_uri does not match the authorization request');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(body.code_verifier)) return invalid('invalid_grant', 'code_verifier is malformed');
    if (createHash('sha256').update(body.code_verifier).digest('base64url') !== issued.challenge) return invalid('invalid_grant', 'PKCE verification failed');
    const grant: Grant = { account: issued.account, refreshToken: this.mintRefreshToken(), retired: new Set(), revoked: false };
    this.grants.push(grant);
    answer(200, this.tokenBody(grant));
  }

  private refresh(
    body: Record<string, string>,
    answer: (status: number, payload: unknown) => void,
    invalid: (error: string, description: string) => void,
  ): void {
    const presented = body.refresh_token;
    if (!presented) return invalid('invalid_request', 'refresh_token is required');
    const reused = this.grants.find((grant) => grant.retired.has(presented));
    if (reused) {
      // A rotated-out refresh token came back: the grant is treated as stolen and revoked.
      reused.revoked = true;
      return answer(401, {
        error: {
          message: 'Your refresh token has already been used to generate a new access token. Please try signing in again.',
          type: 'invalid_request_error',
          param: null,
          code: 'refresh_token_reused',
        },
      });
    }
    const grant = this.grants.find((candidate) => candidate.refreshToken === presented);
    if (!grant) return invalid('invalid_grant', 'Refresh token not found or invalid');
    if (grant.revoked) return invalid('invalid_grant', 'The grant was revoked');
    grant.retired.add(grant.refreshToken);
    grant.refreshToken = this.mintRefreshToken();
    answer(200, this.tokenBody(grant));
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

  private tokenBody(grant: Grant): Record<string, unknown> {
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
    this.accessTokens.set(accessToken, { grant, expiresAt: Date.now() + this.expiresIn * 1000 });
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

  private mintRefreshToken(): string {
    return `rt_${randomBytes(24).toString('base64url')}`;
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
