/**
 * Claude's OAuth endpoints (protocols.md §1, §7): the token endpoint (the code exchange and the refresh, both
 * as JSON bodies in the documented field order), the advisory profile read and the usage read-out. Upstream calls go through
 * the shared undici pools. Tokens are registered with the redactor the moment they arrive.
 */
import type { CodeGrant } from '../../auth/oauth-login-flow.js';
import { RefreshFailure } from '../../auth/refresh-scheduler.js';
import { BadRequestError, UpstreamHttpError } from '../../errors/switchyard-error.js';
import { headerValue, type UpstreamHttp } from '../upstream-http.js';
import { anthropicOAuthBeta, type ClaudeConfig } from './claude-config.js';

export interface ClaudeTokenGrant {
  accessToken: string;
  /** Absent when a refresh answer kept the old refresh token. */
  refreshToken?: string;
  expiresAt: number;
  issuedAt: number;
  email?: string;
  organizationName?: string;
}

export interface ClaudeProfile {
  email?: string;
  plan?: string;
  organizationName?: string;
}

export interface OAuthApiDependencies {
  http: UpstreamHttp;
  config: () => ClaudeConfig;
  addSecret(value: string | undefined): void;
  now(): number;
}

const tokenCallTimeoutMs = 30_000;

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringField(source: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = source?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** `invalid_grant: Refresh token not found` from an OAuth or an Anthropic-style error body. */
function describeTokenError(reply: RawReply): string {
  const body = parseJson(reply.text);
  const nested = record(body?.error);
  const code = stringField(body, 'error') ?? stringField(nested, 'type') ?? `HTTP ${reply.status}`;
  const detail = stringField(body, 'error_description') ?? stringField(nested, 'message');
  return detail ? `${code}: ${detail}` : code;
}

function retryAfterMs(headers: RawReply['headers']): number | undefined {
  const milliseconds = Number(headerValue(headers, 'retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return milliseconds;
  const seconds = Number(headerValue(headers, 'retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export class ClaudeOAuthApi {
  constructor(private readonly dependencies: OAuthApiDependencies) {}

  private async call(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<RawReply> {
    const reply = await this.dependencies.http.request({ url, method, headers, body, signal: AbortSignal.timeout(tokenCallTimeoutMs) });
    return { status: reply.status, headers: reply.headers, text: await reply.body.text() };
  }

  private postToken(body: Record<string, string>): Promise<RawReply> {
    return this.call(
      this.dependencies.config().tokenUrl,
      'POST',
      { 'content-type': 'application/json', accept: 'application/json, text/plain, */*' },
      JSON.stringify(body),
    );
  }

  private parseGrant(reply: RawReply): ClaudeTokenGrant {
    const body = parseJson(reply.text);
    const accessToken = stringField(body, 'access_token');
    if (!accessToken) throw new UpstreamHttpError(502, "Claude's token endpoint answered without an access_token.", { retryable: false });
    const refreshToken = stringField(body, 'refresh_token');
    this.dependencies.addSecret(accessToken);
    this.dependencies.addSecret(refreshToken);
    const issuedAt = this.dependencies.now();
    const expiresIn = Number(body?.expires_in);
    // No lifetime given: assume a short one, so the refresh comes early rather than late.
    const lifetimeSeconds = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600;
    const grant: ClaudeTokenGrant = { accessToken, expiresAt: issuedAt + lifetimeSeconds * 1000, issuedAt };
    if (refreshToken) grant.refreshToken = refreshToken;
    const email = stringField(record(body?.account), 'email_address') ?? stringField(record(body?.account), 'email');
    if (email) grant.email = email;
    const organizationName = stringField(record(body?.organization), 'name');
    if (organizationName) grant.organizationName = organizationName;
    return grant;
  }

  /** The authorization-code exchange; the body's field order is the one Claude Code sends. */
  async exchangeCode(grant: CodeGrant): Promise<ClaudeTokenGrant> {
    const config = this.dependencies.config();
    const reply = await this.postToken({
      grant_type: 'authorization_code',
      code: grant.code,
      redirect_uri: grant.redirectUri,
      client_id: config.clientId,
      code_verifier: grant.verifier,
      state: grant.state,
    });
    if (reply.status >= 500) throw new UpstreamHttpError(502, `Claude's token endpoint failed (HTTP ${reply.status}); try the login again.`);
    if (reply.status >= 400) {
      throw new BadRequestError(`Claude refused the authorization code (${describeTokenError(reply)}). Start a new login.`, 'code', 'auth_required');
    }
    return this.parseGrant(reply);
  }

  /** One refresh call. A 4xx other than 429 means the grant is gone (revoked, rotated out): permanent. */
  async refresh(refreshToken: string): Promise<ClaudeTokenGrant> {
    const config = this.dependencies.config();
    let reply: RawReply;
    try {
      reply = await this.postToken({ client_id: config.clientId, grant_type: 'refresh_token', refresh_token: refreshToken, scope: config.scopes });
    } catch (error) {
      throw new RefreshFailure(`Claude's token endpoint is unreachable: ${(error as Error).message}`, false);
    }
    if (reply.status === 429 || reply.status >= 500) {
      throw new RefreshFailure(`Claude's token endpoint answered HTTP ${reply.status} (${describeTokenError(reply)}).`, false, retryAfterMs(reply.headers));
    }
    if (reply.status >= 400) throw new RefreshFailure(`Claude refused the refresh token (${describeTokenError(reply)}).`, true);
    try {
      return this.parseGrant(reply);
    } catch (error) {
      throw new RefreshFailure((error as Error).message, false);
    }
  }

  /** Advisory: email, plan and organization where the profile endpoint answers; undefined otherwise. */
  async profile(accessToken: string): Promise<ClaudeProfile | undefined> {
    try {
      const reply = await this.call(this.dependencies.config().profileUrl, 'GET', {
        authorization: `Bearer ${accessToken}`,
        'anthropic-beta': anthropicOAuthBeta,
        accept: 'application/json',
      });
      if (reply.status >= 400) return undefined;
      const body = parseJson(reply.text);
      const account = record(body?.account);
      const organization = record(body?.organization);
      const profile: ClaudeProfile = {};
      const email = stringField(account, 'email') ?? stringField(account, 'email_address');
      if (email) profile.email = email;
      const plan = planOf(account, organization);
      if (plan) profile.plan = plan;
      const organizationName = stringField(organization, 'name');
      if (organizationName) profile.organizationName = organizationName;
      return profile;
    } catch {
      return undefined;
    }
  }

  /** The quota read-out (protocols.md §7): `{five_hour:{utilization,resets_at}, seven_day:…}`. */
  async usage(accessToken: string): Promise<unknown> {
    const reply = await this.call(this.dependencies.config().usageUrl, 'GET', {
      authorization: `Bearer ${accessToken}`,
      'anthropic-beta': anthropicOAuthBeta,
      accept: 'application/json',
    });
    if (reply.status >= 400) throw new UpstreamHttpError(reply.status, `Claude's usage endpoint answered HTTP ${reply.status}.`);
    return parseJson(reply.text);
  }
}

/** `has_claude_max` / `has_claude_pro`, else the organization type (`claude_max` -> `max`). */
function planOf(account: Record<string, unknown> | undefined, organization: Record<string, unknown> | undefined): string | undefined {
  if (account?.has_claude_max === true) return 'max';
  if (account?.has_claude_pro === true) return 'pro';
  const type = stringField(organization, 'organization_type') ?? stringField(organization, 'subscription_type');
  return type?.replace(/^claude_/, '');
}
