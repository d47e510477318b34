/**
 * Fake Claude OAuth (protocols.md §1), strict like the real one:
 * - GET /oauth/authorize checks client_id, response_type=code, an S256 challenge, a loopback (or manual)
 *   redirect_uri, a scope and a state, then 302-redirects to the redirect_uri with `code` and `state`;
 * - POST /v1/oauth/token takes JSON only: the code exchange checks every §1 field, the exact redirect_uri
 *   and the PKCE verifier against the challenge; refresh rotates the refresh token, and presenting a
 *   rotated-out refresh token revokes the whole grant (every later refresh: invalid_grant);
 * - GET /api/oauth/profile answers the account for a valid bearer token, and GET /api/oauth/usage its quota
 *   windows (protocols.md §7; both also want the oauth beta header).
 * Knobs: `expiresIn`, `omitRefreshToken`, queued refresh faults, holding refresh answers, an authorize error.
 * The machinery both OAuth fakes share (PKCE, codes, rotation, knobs) is in fake-oauth-base.ts.
 * Nothing here imports from electron/core: the fakes are an outside view of the wire.
 */
import { randomBytes } from 'node:crypto';
import { isRecord } from './fake-reply.js';
import { FakeOAuthBase, type FakeGrant, type TokenAnswer, type TokenRequest } from './fake-oauth-base.js';
import type { Exchange } from './fake-upstream-base.js';

export type { TokenFault } from './fake-oauth-base.js';

export const DEFAULT_CLAUDE_CLIENT_ID = '9d1c250a-e61b-44d9-88ed-5944d1962f5e';
export const CLAUDE_EXCHANGE_FIELDS = ['grant_type', 'code', 'redirect_uri', 'client_id', 'code_verifier', 'state'] as const;

export interface FakeClaudeAccount {
  email: string;
  uuid?: string;
  organizationName?: string;
  plan?: 'pro' | 'max';
}

export interface FakeClaudeOAuthOptions {
  clientId?: string;
  /** The account every login connects, unless `enqueueAccount` names another. */
  account?: FakeClaudeAccount;
  /** Access-token lifetime in seconds (default 28800). */
  expiresIn?: number;
}

export interface TokenCall {
  grantType: string;
  body: Record<string, unknown>;
  /** The status the fake answered (0 while held). */
  status: number;
}

const DEFAULT_ACCOUNT: Required<FakeClaudeAccount> = { email: 'user@example.com', uuid: 'acct-uuid-1', organizationName: 'Example Org', plan: 'max' };
const MANUAL_REDIRECTS = ['https://console.anthropic.com/oauth/code/callback', 'https://platform.claude.com/oauth/code/callback'];

export class FakeClaudeOAuth extends FakeOAuthBase<FakeClaudeAccount, TokenCall> {
  /** Refresh answers leave out refresh_token (the client must keep the old one). */
  omitRefreshToken = false;
  /** The profile endpoint answers 404 while false. */
  profileEnabled = true;
  /** What the usage endpoint reports (utilization in percent, resets_at ISO). */
  usage: Record<string, unknown> = {
    five_hour: { utilization: 37, resets_at: new Date(Date.now() + 2 * 3_600_000).toISOString() },
    seven_day: { utilization: 12, resets_at: new Date(Date.now() + 4 * 86_400_000).toISOString() },
    seven_day_opus: null,
    extra_usage: { is_enabled: false },
  };
  protected readonly exchangeFields: readonly string[] = CLAUDE_EXCHANGE_FIELDS;
  protected readonly bodyRequirement = 'The body must be JSON';
  protected readonly refreshTokenPrefix = 'sk-ant-ort01-';
  private readonly accountQueue: FakeClaudeAccount[] = [];

  constructor(private readonly options: FakeClaudeOAuthOptions = {}) {
    super(options.clientId ?? DEFAULT_CLAUDE_CLIENT_ID, options.expiresIn ?? 28_800);
  }

  get authorizeUrl(): string {
    return `${this.url}/oauth/authorize`;
  }

  get tokenUrl(): string {
    return `${this.url}/v1/oauth/token`;
  }

  get profileUrl(): string {
    return `${this.url}/api/oauth/profile`;
  }

  get usageUrl(): string {
    return `${this.url}/api/oauth/usage`;
  }

  /** The next login connects this account. */
  enqueueAccount(account: FakeClaudeAccount): void {
    this.accountQueue.push(account);
  }

  protected async route(exchange: Exchange): Promise<void> {
    const { method } = exchange.request;
    const path = exchange.url.pathname;
    if (method === 'GET' && path === '/oauth/authorize') return this.authorize(exchange);
    if (method === 'POST' && path === '/v1/oauth/token') return this.token(exchange);
    if (method === 'GET' && path === '/api/oauth/profile') return this.profile(exchange);
    if (method === 'GET' && path === '/api/oauth/usage') return this.usageReadout(exchange);
    exchange.sendJson(404, { type: 'error', error: { type: 'not_found_error', message: `Not found: ${method} ${path}` } });
  }

  protected isRegisteredRedirect(redirectUri: string): boolean {
    return isAllowedRedirect(redirectUri);
  }

  protected authorizeRefusal(query: URLSearchParams): string | undefined {
    const stateRefusal = this.stateRefusal(query);
    if (stateRefusal) return stateRefusal;
    if (!(query.get('scope') ?? '').split(' ').includes('user:inference')) return 'scope must include user:inference';
    return undefined;
  }

  protected mintCode(): string {
    return `fake-code-${randomBytes(12).toString('hex')}`;
  }

  protected nextAccount(): FakeClaudeAccount {
    return this.accountQueue.shift() ?? { ...DEFAULT_ACCOUNT, ...this.options.account };
  }

  /** JSON only. */
  protected readTokenRequest(exchange: Exchange): TokenRequest<TokenCall> {
    const body = exchange.request.body;
    const record = isRecord(body) ? body : undefined;
    const call: TokenCall = { grantType: String(record?.grant_type ?? ''), body: record ?? {}, status: 0 };
    return { call, fields: exchange.hasJsonContentType() ? record : undefined };
  }

  protected exchangeEncodingRefusal(): string | undefined {
    return undefined;
  }

  protected describeGrantType(grantType: unknown): string {
    return String(grantType);
  }

  protected override keepsRefreshToken(): boolean {
    return this.omitRefreshToken;
  }

  protected refuseReusedRefreshToken(answer: TokenAnswer): void {
    answer(400, { error: 'invalid_grant', error_description: 'Refresh token has already been used; the grant is revoked' });
  }

  private profile(exchange: Exchange): void {
    const token = exchange.bearerToken() ?? '';
    const grant = this.grantOfAccessToken(token);
    if (!this.profileEnabled) return exchange.sendJson(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
    if (!grant || grant.revoked || !this.validAccessTokens().has(token)) {
      return exchange.sendJson(401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } });
    }
    const account = { ...DEFAULT_ACCOUNT, ...grant.account };
    exchange.sendJson(200, {
      account: { uuid: account.uuid, email: account.email, has_claude_max: account.plan === 'max', has_claude_pro: account.plan === 'pro' },
      organization: { uuid: `org-${account.uuid}`, name: account.organizationName, organization_type: `claude_${account.plan}` },
    });
  }

  private usageReadout(exchange: Exchange): void {
    const token = exchange.bearerToken() ?? '';
    if (!this.validAccessTokens().has(token)) {
      return exchange.sendJson(401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } });
    }
    if (!(exchange.header('anthropic-beta') ?? '').split(',').map((beta) => beta.trim()).includes('oauth-2025-04-20')) {
      return exchange.sendJson(400, { type: 'error', error: { type: 'invalid_request_error', message: 'OAuth authentication is currently not supported.' } });
    }
    exchange.sendJson(200, this.usage);
  }

  protected tokenBody(grant: FakeGrant<FakeClaudeAccount>, kind: 'exchange' | 'refresh'): Record<string, unknown> {
    const accessToken = this.mint('sk-ant-oat01-');
    this.registerAccessToken(accessToken, grant);
    const account = { ...DEFAULT_ACCOUNT, ...grant.account };
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: this.expiresIn, scope: 'user:profile user:inference' };
    if (kind === 'exchange' || !this.omitRefreshToken) body.refresh_token = grant.refreshToken;
    if (kind === 'exchange') {
      body.account = { uuid: account.uuid, email_address: account.email };
      body.organization = { uuid: `org-${account.uuid}`, name: account.organizationName };
    }
    return body;
  }
}

/** Claude's registered redirects: a loopback `http://localhost:<port>/callback`, or the manual code pages. */
function isAllowedRedirect(value: string): boolean {
  if (MANUAL_REDIRECTS.includes(value)) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && url.hostname === 'localhost' && url.port !== '' && url.pathname === '/callback' && url.search === '';
  } catch {
    return false;
  }
}

export async function startFakeClaudeOAuth(options?: FakeClaudeOAuthOptions): Promise<FakeClaudeOAuth> {
  return new FakeClaudeOAuth(options).listen();
}
