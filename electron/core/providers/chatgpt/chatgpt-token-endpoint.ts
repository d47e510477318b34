/**
 * OpenAI's OAuth endpoints as Codex CLI uses them (protocols.md §2):
 * - the code exchange: a form-urlencoded body `grant_type, code, redirect_uri, client_id, code_verifier`;
 * - the refresh: a JSON body `{client_id, grant_type:"refresh_token", refresh_token}`; refresh tokens rotate;
 * - the revocation: a JSON body `{token, token_type_hint:"refresh_token", client_id}`.
 * Every token is registered with the redactor the moment it arrives. Upstream calls go through the shared undici pools.
 */
import type { CodeGrant } from '../../auth/oauth-login-flow.js';
import { RefreshFailure, type TokenLifetime } from '../../auth/refresh-scheduler.js';
import { BadRequestError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { headerValue, type UpstreamHttp } from '../upstream-http.js';
import type { ChatgptConfig } from './chatgpt-config.js';
import { mergedTokenClaims, type OpenAiTokenClaims } from './chatgpt-id-token.js';

export interface ChatgptTokenGrant extends TokenLifetime {
  accessToken: string;
  /** Absent when a refresh answer kept the old refresh token. */
  refreshToken?: string;
  idToken?: string;
  expiresAt: number;
  issuedAt: number;
  /** Email, account id and plan from the id_token (completed by the access token). */
  claims: OpenAiTokenClaims;
}

export interface RevokeOutcome {
  revoked: boolean;
  /** Why not, when the revocation failed. */
  reason?: string;
}

export interface TokenEndpointDependencies {
  http: UpstreamHttp;
  config: () => ChatgptConfig;
  addSecret(value: string | undefined): void;
  now(): number;
}

const tokenCallTimeoutMs = 30_000;
/** No lifetime in the answer or the token: assume a short one, so the refresh comes early rather than late. */
const fallbackLifetimeMs = 3_600_000;

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

type UnknownRecord = Record<string, unknown>;

function record(value: unknown): UnknownRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as UnknownRecord) : undefined;
}

function stringField(source: UnknownRecord | undefined, key: string): string | undefined {
  const value = source?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseJson(text: string): UnknownRecord | undefined {
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** `refresh_token_reused: Your refresh token has already been used…`, from the OAuth or the OpenAI error shape. */
export function describeTokenError(status: number, text: string): string {
  const body = parseJson(text);
  const nested = record(body?.error);
  const code = stringField(body, 'error') ?? stringField(nested, 'code') ?? stringField(nested, 'type') ?? stringField(body, 'code') ?? `HTTP ${status}`;
  const detail = stringField(body, 'error_description') ?? stringField(nested, 'message') ?? stringField(body, 'message');
  return detail ? `${code}: ${detail}` : code;
}

function retryAfterMs(headers: RawReply['headers']): number | undefined {
  const seconds = Number(headerValue(headers, 'retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export class ChatgptTokenEndpoint {
  constructor(private readonly dependencies: TokenEndpointDependencies) {}

  private async post(url: string, contentType: string, body: string): Promise<RawReply> {
    const reply = await this.dependencies.http.request({
      url,
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(tokenCallTimeoutMs),
    });
    return { status: reply.status, headers: reply.headers, text: await reply.body.text() };
  }

  private parseGrant(reply: RawReply): ChatgptTokenGrant {
    const body = parseJson(reply.text);
    const accessToken = stringField(body, 'access_token');
    if (!accessToken) throw new UpstreamHttpError(502, "OpenAI's token endpoint answered without an access_token.", { retryable: false });
    const refreshToken = stringField(body, 'refresh_token');
    const idToken = stringField(body, 'id_token');
    for (const secret of [accessToken, refreshToken, idToken]) this.dependencies.addSecret(secret);
    const issuedAt = this.dependencies.now();
    const claims = mergedTokenClaims(idToken, accessToken);
    const expiresIn = Number(body?.expires_in);
    const expiresAt =
      Number.isFinite(expiresIn) && expiresIn > 0 ? issuedAt + expiresIn * 1000 : (claims.expiresAt ?? issuedAt + fallbackLifetimeMs);
    const grant: ChatgptTokenGrant = { accessToken, expiresAt, issuedAt, claims };
    if (refreshToken) grant.refreshToken = refreshToken;
    if (idToken) grant.idToken = idToken;
    return grant;
  }

  /** The authorization-code exchange: a form body in the field order Codex CLI sends. */
  async exchangeCode(grant: CodeGrant): Promise<ChatgptTokenGrant> {
    const config = this.dependencies.config();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      client_id: config.clientId,
      code_verifier: grant.verifier,
    });
    const reply = await this.post(config.tokenUrl, 'application/x-www-form-urlencoded', form.toString());
    if (reply.status >= 500) throw new UpstreamHttpError(502, `OpenAI's token endpoint failed (HTTP ${reply.status}); try the login again.`);
    if (reply.status >= 400) {
      throw new BadRequestError(`OpenAI refused the authorization code (${describeTokenError(reply.status, reply.text)}). Start a new login.`, 'code', 'auth_required');
    }
    return this.parseGrant(reply);
  }

  /**
   * One refresh call. A 4xx other than 408/429 means the grant is gone (`refresh_token_reused`,
   * `invalid_grant`, expired or revoked): permanent, never retried.
   */
  async refresh(refreshToken: string): Promise<ChatgptTokenGrant> {
    const config = this.dependencies.config();
    let reply: RawReply;
    try {
      const body = JSON.stringify({ client_id: config.clientId, grant_type: 'refresh_token', refresh_token: refreshToken });
      reply = await this.post(config.tokenUrl, 'application/json', body);
    } catch (error) {
      throw new RefreshFailure(`OpenAI's token endpoint is unreachable: ${(error as Error).message}`, false);
    }
    const description = () => describeTokenError(reply.status, reply.text);
    if (reply.status === 408 || reply.status === 429 || reply.status >= 500) {
      throw new RefreshFailure(`OpenAI's token endpoint answered HTTP ${reply.status} (${description()}).`, false, retryAfterMs(reply.headers));
    }
    if (reply.status >= 400) throw new RefreshFailure(`OpenAI refused the refresh token (${description()}).`, true);
    try {
      return this.parseGrant(reply);
    } catch (error) {
      throw new RefreshFailure((error as Error).message, false);
    }
  }

  /** Revoke a refresh token upstream; never throws (the caller removes the tokens locally either way). */
  async revoke(refreshToken: string): Promise<RevokeOutcome> {
    const config = this.dependencies.config();
    try {
      const body = JSON.stringify({ token: refreshToken, token_type_hint: 'refresh_token', client_id: config.clientId });
      const reply = await this.post(config.revokeUrl, 'application/json', body);
      if (reply.status < 300) return { revoked: true };
      return { revoked: false, reason: `OpenAI answered HTTP ${reply.status} (${describeTokenError(reply.status, reply.text)})` };
    } catch (error) {
      return { revoked: false, reason: `OpenAI's revoke endpoint is unreachable (${(error as Error).message})` };
    }
  }
}
