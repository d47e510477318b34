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
 * Nothing here imports from electron/core: the fakes are an outside view of the wire.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FakeUpstream, type Exchange } from './fake-upstream-base.js';

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

export interface TokenFault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface IssuedCode {
  challenge: string;
  redirectUri: string;
  state: string;
  account: FakeClaudeAccount;
  used: boolean;
}

interface Grant {
  account: FakeClaudeAccount;
  refreshToken: string;
  /** Refresh tokens rotated out of this grant: presenting one revokes the grant. */
  retired: Set<string>;
  revoked: boolean;
}

export interface TokenCall {
  grantType: string;
  body: Record<string, unknown>;
  /** The status the fake answered (0 while held). */
  status: number;
}

const DEFAULT_ACCOUNT: Required<FakeClaudeAccount> = { email: 'user@example.com', uuid: 'acct-uuid-1', organizationName: 'Example Org', plan: 'max' };
const MANUAL_REDIRECTS = ['https://console.anthropic.com/oauth/code/callback', 'https://platform.claude.com/oauth/code/callback'];

export class FakeClaudeOAuth extends FakeUpstream {
  readonly clientId: string;
  /** Lifetime (seconds) of the next access tokens issued. */
  expiresIn: number;
  /** Refresh answers leave out refresh_token (the client must keep the old one). */
  omitRefreshToken = false;
  /** When set, authorize redirects with this error instead of a code. */
  authorizeError: { error: string; description?: string } | undefined;
  /** The profile endpoint answers 404 while false. */
  profileEnabled = true;
  /** What the usage endpoint reports (utilization in percent, resets_at ISO). */
  usage: Record<string, unknown> = {
    five_hour: { utilization: 37, resets_at: new Date(Date.now() + 2 * 3_600_000).toISOString() },
    seven_day: { utilization: 12, resets_at: new Date(Date.now() + 4 * 86_400_000).toISOString() },
    seven_day_opus: null,
    extra_usage: { is_enabled: false },
  };
  readonly tokenCalls: TokenCall[] = [];
  private readonly accountQueue: FakeClaudeAccount[] = [];
  private readonly refreshFaults: TokenFault[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private readonly grants: Grant[] = [];
  /** access token -> {grant, expiry ms}. */
  private readonly accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  private readonly forcedExpired = new Set<string>();
  private readonly tokenWaiters: Array<() => boolean> = [];
  private holding = false;
  private readonly held: Array<() => void> = [];

  constructor(private readonly options: FakeClaudeOAuthOptions = {}) {
    super();
    this.clientId = options.clientId ?? DEFAULT_CLAUDE_CLIENT_ID;
    this.expiresIn = options.expiresIn ?? 28_800;
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

  /** The next refresh calls answer these instead of refreshing (nothing rotates). */
  enqueueRefreshFault(...faults: TokenFault[]): void {
    this.refreshFaults.push(...faults);
  }

  /** While holding, refresh requests are recorded but not answered until `releaseRefreshes` (or close). */
  holdRefreshes(hold = true): void {
    this.holding = hold;
  }

  releaseRefreshes(): void {
    for (const release of this.held.splice(0)) release();
  }

  refreshCalls(): TokenCall[] {
    return this.tokenCalls.filter((call) => call.grantType === 'refresh_token');
  }

  /** Resolves once `count` token calls of this grant type were received. */
  waitForTokenCalls(grantType: 'authorization_code' | 'refresh_token', count: number): Promise<TokenCall[]> {
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

  /** Access tokens the Messages API should accept now (wire into FakeAnthropic's `accessTokens`). */
  validAccessTokens(): Set<string> {
    const now = Date.now();
    const valid = new Set<string>();
    for (const [token, issued] of this.accessTokens) {
      if (!issued.grant.revoked && issued.expiresAt > now && !this.forcedExpired.has(token)) valid.add(token);
    }
    return valid;
  }

  /** Access tokens the Messages API should answer with "OAuth token has expired". */
  expiredAccessTokens(): Set<string> {
    const now = Date.now();
    const expired = new Set(this.forcedExpired);
    for (const [token, issued] of this.accessTokens) if (issued.expiresAt <= now) expired.add(token);
    return expired;
  }

  /** Make the Messages API reject this access token as expired, as if its clock ran out early. */
  expireAccessToken(token: string): void {
    this.forcedExpired.add(token);
  }

  /** Every refresh token this fake has issued, oldest first. */
  issuedRefreshTokens(): string[] {
    return this.grants.flatMap((grant) => [...grant.retired, grant.refreshToken]);
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
    if (method === 'POST' && path === '/v1/oauth/token') return this.token(exchange);
    if (method === 'GET' && path === '/api/oauth/profile') return this.profile(exchange);
    if (method === 'GET' && path === '/api/oauth/usage') return this.usageReadout(exchange);
    exchange.sendJson(404, { type: 'error', error: { type: 'not_found_error', message: `Not found: ${method} ${path}` } });
  }

  private authorize(exchange: Exchange): void {
    const query = exchange.url.searchParams;
    const refuse = (description: string) => exchange.sendJson(400, { error: 'invalid_request', error_description: description });
    if (query.get('client_id') !== this.clientId) return exchange.sendJson(400, { error: 'invalid_client', error_description: 'Unknown client_id' });
    if (query.get('response_type') !== 'code') return refuse('response_type must be code');
    if (query.get('code_challenge_method') !== 'S256') return refuse('code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(query.get('code_challenge') ?? '')) return refuse('code_challenge must be a base64url SHA-256 digest');
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!isAllowedRedirect(redirectUri)) return refuse(`redirect_uri ${redirectUri || '(missing)'} is not registered for this client`);
    const state = query.get('state');
    if (!state) return refuse('state is required');
    if (!(query.get('scope') ?? '').split(' ').includes('user:inference')) return refuse('scope must include user:inference');
    const target = new URL(redirectUri);
    if (this.authorizeError) {
      target.searchParams.set('error', this.authorizeError.error);
      if (this.authorizeError.description) target.searchParams.set('error_description', this.authorizeError.description);
    } else {
      const code = `fake-code-${randomBytes(12).toString('hex')}`;
      const account = this.accountQueue.shift() ?? { ...DEFAULT_ACCOUNT, ...this.options.account };
      this.codes.set(code, { challenge: query.get('code_challenge') as string, redirectUri, state, account, used: false });
      target.searchParams.set('code', code);
    }
    target.searchParams.set('state', state);
    exchange.sendJson(302, '', { location: target.toString() });
  }

  private async token(exchange: Exchange): Promise<void> {
    const body = exchange.request.body;
    const record = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    const call: TokenCall = { grantType: String(record?.grant_type ?? ''), body: record ?? {}, status: 0 };
    this.tokenCalls.push(call);
    this.tokenWaiters.splice(0, this.tokenWaiters.length, ...this.tokenWaiters.filter((waiter) => !waiter()));
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      exchange.sendJson(status, payload, headers);
    };
    const invalid = (error: string, description: string) => answer(400, { error, error_description: description });
    if (!exchange.hasJsonContentType() || !record) return invalid('invalid_request', 'The body must be JSON');
    if (record.client_id !== this.clientId) return answer(401, { error: 'invalid_client', error_description: 'Unknown client_id' });
    if (record.grant_type === 'authorization_code') return this.exchangeCode(record, answer, invalid);
    if (record.grant_type === 'refresh_token') {
      if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
      const fault = this.refreshFaults.shift();
      if (fault) return answer(fault.status, fault.body ?? { error: 'server_error', error_description: 'Injected fault' }, fault.headers);
      return this.refresh(record, answer, invalid);
    }
    invalid('unsupported_grant_type', `Unsupported grant_type ${String(record.grant_type)}`);
  }

  private exchangeCode(
    body: Record<string, unknown>,
    answer: (status: number, payload: unknown) => void,
    invalid: (error: string, description: string) => void,
  ): void {
    for (const field of CLAUDE_EXCHANGE_FIELDS) {
      if (typeof body[field] !== 'string' || body[field] === '') return invalid('invalid_request', `${field} is required`);
    }
    const issued = this.codes.get(body.code as string);
    if (!issued || issued.used) return invalid('invalid_grant', 'Invalid or already used authorization code');
    issued.used = true;
    if (body.redirect_uri !== issued.redirectUri) return invalid('invalid_grant', 'redirect_uri does not match the authorization request');
    if (body.state !== issued.state) return invalid('invalid_grant', 'state does not match the authorization request');
    const verifier = body.code_verifier as string;
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return invalid('invalid_grant', 'code_verifier is malformed');
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return invalid('invalid_grant', 'PKCE verification failed');
    const grant: Grant = { account: issued.account, refreshToken: this.mint('sk-ant-ort01-'), retired: new Set(), revoked: false };
    this.grants.push(grant);
    answer(200, this.tokenBody(grant, this.issueAccess(grant), grant.refreshToken, true));
  }

  private refresh(
    body: Record<string, unknown>,
    answer: (status: number, payload: unknown) => void,
    invalid: (error: string, description: string) => void,
  ): void {
    const presented = body.refresh_token;
    if (typeof presented !== 'string' || presented === '') return invalid('invalid_request', 'refresh_token is required');
    const reused = this.grants.find((grant) => grant.retired.has(presented));
    if (reused) {
      // A rotated-out refresh token came back: the grant is treated as stolen and revoked.
      reused.revoked = true;
      return invalid('invalid_grant', 'Refresh token has already been used; the grant is revoked');
    }
    const grant = this.grants.find((candidate) => candidate.refreshToken === presented);
    if (!grant) return invalid('invalid_grant', 'Refresh token not found or invalid');
    if (grant.revoked) return invalid('invalid_grant', 'The grant was revoked');
    if (!this.omitRefreshToken) {
      grant.retired.add(grant.refreshToken);
      grant.refreshToken = this.mint('sk-ant-ort01-');
    }
    answer(200, this.tokenBody(grant, this.issueAccess(grant), this.omitRefreshToken ? undefined : grant.refreshToken, false));
  }

  private profile(exchange: Exchange): void {
    const authorization = exchange.header('authorization') ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    const issued = this.accessTokens.get(token);
    if (!this.profileEnabled) return exchange.sendJson(404, { type: 'error', error: { type: 'not_found_error', message: 'Not found' } });
    if (!issued || issued.grant.revoked || !this.validAccessTokens().has(token)) {
      return exchange.sendJson(401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } });
    }
    const account = { ...DEFAULT_ACCOUNT, ...issued.grant.account };
    exchange.sendJson(200, {
      account: { uuid: account.uuid, email: account.email, has_claude_max: account.plan === 'max', has_claude_pro: account.plan === 'pro' },
      organization: { uuid: `org-${account.uuid}`, name: account.organizationName, organization_type: `claude_${account.plan}` },
    });
  }

  private usageReadout(exchange: Exchange): void {
    const authorization = exchange.header('authorization') ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    if (!this.validAccessTokens().has(token)) {
      return exchange.sendJson(401, { type: 'error', error: { type: 'authentication_error', message: 'Invalid bearer token' } });
    }
    if (!(exchange.header('anthropic-beta') ?? '').split(',').map((beta) => beta.trim()).includes('oauth-2025-04-20')) {
      return exchange.sendJson(400, { type: 'error', error: { type: 'invalid_request_error', message: 'OAuth authentication is currently not supported.' } });
    }
    exchange.sendJson(200, this.usage);
  }

  private issueAccess(grant: Grant): string {
    const token = this.mint('sk-ant-oat01-');
    this.accessTokens.set(token, { grant, expiresAt: Date.now() + this.expiresIn * 1000 });
    return token;
  }

  private tokenBody(grant: Grant, accessToken: string, refreshToken: string | undefined, withAccount: boolean): Record<string, unknown> {
    const account = { ...DEFAULT_ACCOUNT, ...grant.account };
    const body: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: this.expiresIn, scope: 'user:profile user:inference' };
    if (refreshToken) body.refresh_token = refreshToken;
    if (withAccount) {
      body.account = { uuid: account.uuid, email_address: account.email };
      body.organization = { uuid: `org-${account.uuid}`, name: account.organizationName };
    }
    return body;
  }

  private mint(prefix: string): string {
    return `${prefix}${randomBytes(24).toString('base64url')}`;
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
