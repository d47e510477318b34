/**
 * What the fake OAuth servers (Claude, OpenAI) share, each as strict as the real one:
 * - authorize: client_id, response_type=code, an S256 challenge, a registered redirect, then the protocol's
 *   own parameters and the state; a 302 to the redirect with `code` and `state` (or the configured error);
 * - the code exchange: every field the protocol requires, a one-time code, the exact redirect_uri, the
 *   state where the protocol echoes it, and the PKCE verifier against the challenge;
 * - the refresh: rotates the refresh token, and a rotated-out token coming back revokes the whole grant;
 * - access tokens with an expiry, every token call recorded, and the knobs (refresh faults, held refreshes).
 * Each subclass keeps its own wire: the body encoding, the extra authorize parameters, the shape of the token
 * answer and of the reuse refusal, and its other endpoints (profile and usage, or revocation).
 * Nothing here imports from electron/core: the fakes are an outside view of the wire.
 */
import { createHash, randomBytes } from 'node:crypto';
import { FakeUpstream, type Exchange } from './fake-upstream-base.js';

export interface TokenFault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What every recorded token call holds. */
export interface RecordedTokenCall {
  grantType: string;
  /** The status the fake answered (0 while held). */
  status: number;
}

/** A token request as read: the record kept, and its fields (undefined when the body is not acceptable). */
export interface TokenRequest<Call extends RecordedTokenCall> {
  call: Call;
  fields: Record<string, unknown> | undefined;
}

export interface FakeGrant<Account> {
  account: Account;
  refreshToken: string;
  /** Refresh tokens rotated out of this grant: presenting one revokes the grant. */
  retired: Set<string>;
  revoked: boolean;
}

interface IssuedCode<Account> {
  challenge: string;
  redirectUri: string;
  state: string;
  account: Account;
  used: boolean;
}

export type TokenAnswer = (status: number, payload: unknown, headers?: Record<string, string>) => void;

export abstract class FakeOAuthBase<Account, Call extends RecordedTokenCall> extends FakeUpstream {
  readonly clientId: string;
  /** Lifetime (seconds) of the next access tokens issued. */
  expiresIn: number;
  /** When set, authorize redirects with this error instead of a code. */
  authorizeError: { error: string; description?: string } | undefined;
  readonly tokenCalls: Call[] = [];
  protected readonly grants: FakeGrant<Account>[] = [];
  private readonly refreshFaults: TokenFault[] = [];
  private readonly codes = new Map<string, IssuedCode<Account>>();
  /** access token -> {grant, expiry ms}. */
  private readonly accessTokens = new Map<string, { grant: FakeGrant<Account>; expiresAt: number }>();
  private readonly forcedExpired = new Set<string>();
  private readonly tokenWaiters: Array<() => boolean> = [];
  private holding = false;
  private readonly held: Array<() => void> = [];

  /** The fields the code exchange must carry (non-empty strings); with `state`, it must match the authorize request. */
  protected abstract readonly exchangeFields: readonly string[];
  /** What the token endpoint says of a body it cannot read. */
  protected abstract readonly bodyRequirement: string;
  protected abstract readonly refreshTokenPrefix: string;

  constructor(clientId: string, expiresIn: number) {
    super();
    this.clientId = clientId;
    this.expiresIn = expiresIn;
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

  refreshCalls(): Call[] {
    return this.tokenCalls.filter((call) => call.grantType === 'refresh_token');
  }

  /** Resolves once `count` token calls of this grant type were received. */
  waitForTokenCalls(grantType: 'authorization_code' | 'refresh_token', count: number): Promise<Call[]> {
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

  /** Access tokens the upstream API should accept now. */
  validAccessTokens(): Set<string> {
    const now = Date.now();
    const valid = new Set<string>();
    for (const [token, issued] of this.accessTokens) {
      if (!issued.grant.revoked && issued.expiresAt > now && !this.forcedExpired.has(token)) valid.add(token);
    }
    return valid;
  }

  /** Access tokens the upstream API should answer as expired. */
  expiredAccessTokens(): Set<string> {
    const now = Date.now();
    const expired = new Set(this.forcedExpired);
    for (const [token, issued] of this.accessTokens) if (issued.expiresAt <= now) expired.add(token);
    return expired;
  }

  /** Make the upstream API reject this access token as expired, as if its clock ran out early. */
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

  protected abstract isRegisteredRedirect(redirectUri: string): boolean;
  /** The protocol's own authorize parameters and the state, in its order: the first refusal, or undefined. */
  protected abstract authorizeRefusal(query: URLSearchParams): string | undefined;
  protected abstract mintCode(): string;
  /** The account the next login connects. */
  protected abstract nextAccount(): Account;
  protected abstract readTokenRequest(exchange: Exchange): TokenRequest<Call>;
  /** Why a code exchange sent like this call is refused, if it is. */
  protected abstract exchangeEncodingRefusal(call: Call): string | undefined;
  protected abstract describeGrantType(grantType: unknown): string;
  protected abstract tokenBody(grant: FakeGrant<Account>, kind: 'exchange' | 'refresh'): Record<string, unknown>;
  /** How the token endpoint refuses a rotated-out refresh token (the grant is already revoked). */
  protected abstract refuseReusedRefreshToken(answer: TokenAnswer): void;

  /** Whether a refresh keeps the refresh token instead of rotating it. */
  protected keepsRefreshToken(): boolean {
    return false;
  }

  protected stateRefusal(query: URLSearchParams): string | undefined {
    return query.get('state') ? undefined : 'state is required';
  }

  protected authorize(exchange: Exchange): void {
    const query = exchange.url.searchParams;
    const refuse = (description: string) => exchange.sendJson(400, { error: 'invalid_request', error_description: description });
    if (query.get('client_id') !== this.clientId) return exchange.sendJson(400, { error: 'invalid_client', error_description: 'Unknown client_id' });
    if (query.get('response_type') !== 'code') return refuse('response_type must be code');
    if (query.get('code_challenge_method') !== 'S256') return refuse('code_challenge_method must be S256');
    if (!/^[A-Za-z0-9_-]{43}$/.test(query.get('code_challenge') ?? '')) return refuse('code_challenge must be a base64url SHA-256 digest');
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!this.isRegisteredRedirect(redirectUri)) return refuse(`redirect_uri ${redirectUri || '(missing)'} is not registered for this client`);
    const refusal = this.authorizeRefusal(query);
    if (refusal) return refuse(refusal);
    const state = query.get('state') ?? '';
    const target = new URL(redirectUri);
    if (this.authorizeError) {
      target.searchParams.set('error', this.authorizeError.error);
      if (this.authorizeError.description) target.searchParams.set('error_description', this.authorizeError.description);
    } else {
      const code = this.mintCode();
      this.codes.set(code, { challenge: query.get('code_challenge') as string, redirectUri, state, account: this.nextAccount(), used: false });
      target.searchParams.set('code', code);
    }
    target.searchParams.set('state', state);
    exchange.sendJson(302, '', { location: target.toString() });
  }

  protected async token(exchange: Exchange): Promise<void> {
    const { call, fields } = this.readTokenRequest(exchange);
    this.tokenCalls.push(call);
    this.tokenWaiters.splice(0, this.tokenWaiters.length, ...this.tokenWaiters.filter((waiter) => !waiter()));
    const answer: TokenAnswer = (status, payload, headers = {}) => {
      call.status = status;
      exchange.sendJson(status, payload, headers);
    };
    const invalid = (error: string, description: string) => answer(400, { error, error_description: description });
    if (!fields) return invalid('invalid_request', this.bodyRequirement);
    if (fields.client_id !== this.clientId) return answer(401, { error: 'invalid_client', error_description: 'Unknown client_id' });
    if (fields.grant_type === 'authorization_code') {
      const refusal = this.exchangeEncodingRefusal(call);
      if (refusal) return invalid('invalid_request', refusal);
      return this.exchangeCode(fields, answer, invalid);
    }
    if (fields.grant_type === 'refresh_token') {
      if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
      const fault = this.refreshFaults.shift();
      if (fault) return answer(fault.status, fault.body ?? { error: 'server_error', error_description: 'Injected fault' }, fault.headers);
      return this.refresh(fields, answer, invalid);
    }
    invalid('unsupported_grant_type', `Unsupported grant_type ${this.describeGrantType(fields.grant_type)}`);
  }

  protected registerAccessToken(token: string, grant: FakeGrant<Account>): void {
    this.accessTokens.set(token, { grant, expiresAt: Date.now() + this.expiresIn * 1000 });
  }

  /** The grant an access token was issued to. */
  protected grantOfAccessToken(token: string): FakeGrant<Account> | undefined {
    return this.accessTokens.get(token)?.grant;
  }

  protected mint(prefix: string): string {
    return `${prefix}${randomBytes(24).toString('base64url')}`;
  }

  private exchangeCode(fields: Record<string, unknown>, answer: TokenAnswer, invalid: (error: string, description: string) => void): void {
    for (const field of this.exchangeFields) {
      if (typeof fields[field] !== 'string' || fields[field] === '') return invalid('invalid_request', `${field} is required`);
    }
    const issued = this.codes.get(fields.code as string);
    if (!issued || issued.used) return invalid('invalid_grant', 'Invalid or already used authorization code');
    issued.used = true;
    if (fields.redirect_uri !== issued.redirectUri) return invalid('invalid_grant', 'redirect_uri does not match the authorization request');
    if (this.exchangeFields.includes('state') && fields.state !== issued.state) {
      return invalid('invalid_grant', 'state does not match the authorization request');
    }
    const verifier = fields.code_verifier as string;
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return invalid('invalid_grant', 'code_verifier is malformed');
    if (createHash('sha256').update(verifier).digest('base64url') !== issued.challenge) return invalid('invalid_grant', 'PKCE verification failed');
    const grant: FakeGrant<Account> = { account: issued.account, refreshToken: this.mint(this.refreshTokenPrefix), retired: new Set(), revoked: false };
    this.grants.push(grant);
    answer(200, this.tokenBody(grant, 'exchange'));
  }

  private refresh(fields: Record<string, unknown>, answer: TokenAnswer, invalid: (error: string, description: string) => void): void {
    const presented = fields.refresh_token;
    if (typeof presented !== 'string' || presented === '') return invalid('invalid_request', 'refresh_token is required');
    const reused = this.grants.find((grant) => grant.retired.has(presented));
    if (reused) {
      // A rotated-out refresh token came back: the grant is treated as stolen and revoked.
      reused.revoked = true;
      return this.refuseReusedRefreshToken(answer);
    }
    const grant = this.grants.find((candidate) => candidate.refreshToken === presented);
    if (!grant) return invalid('invalid_grant', 'Refresh token not found or invalid');
    if (grant.revoked) return invalid('invalid_grant', 'The grant was revoked');
    if (!this.keepsRefreshToken()) {
      grant.retired.add(grant.refreshToken);
      grant.refreshToken = this.mint(this.refreshTokenPrefix);
    }
    answer(200, this.tokenBody(grant, 'refresh'));
  }
}
