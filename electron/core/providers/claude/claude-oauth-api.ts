/**
 * Claude's OAuth endpoints (protocols.md §1, §7): the token endpoint (the code exchange and the refresh, both
 * as JSON bodies in the documented field order), the advisory profile read and the usage read-out. Upstream calls go through
 * the shared undici pools. Tokens are registered with the redactor the moment they arrive.
 */
import type { OAuthGrant } from '../../auth/oauth-account-store.js';
import type { CodeGrant } from '../../auth/oauth-login-flow.js';
import { callTokenEndpoint, checkCodeExchange, describeErrorBody, grantOf, readTokenAnswer, refreshAtTokenEndpoint, type TokenEndpointDialect, type TokenReply } from '../../auth/token-endpoint-calls.js';
import { asRecord, nonEmptyStringField, parseJsonObject } from '../../canonical/json-values.js';
import { UpstreamHttpError } from '../../errors/switchyard-error.js';
import { headerValue, type UpstreamHttp } from '../upstream-http.js';
import { anthropicOAuthBeta, type ClaudeConfig } from './claude-config.js';

export interface ClaudeTokenGrant extends OAuthGrant {
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

function retryAfterMs(headers: TokenReply['headers']): number | undefined {
  const milliseconds = Number(headerValue(headers, 'retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds > 0) return milliseconds;
  const seconds = Number(headerValue(headers, 'retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** Claude's token endpoint: OAuth or Anthropic-style error bodies; 429 and 5xx are worth another try. */
const claudeTokenDialect: TokenEndpointDialect = {
  issuer: 'Claude',
  describeError: (reply) => describeErrorBody(reply, ['error', ['error', 'type']], ['error_description', ['error', 'message']]),
  isTransient: (status) => status === 429 || status >= 500,
  retryAfterMs,
};

export class ClaudeOAuthApi {
  constructor(private readonly dependencies: OAuthApiDependencies) {}

  private call(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<TokenReply> {
    return callTokenEndpoint(this.dependencies.http, url, method, headers, body);
  }

  private postToken(body: Record<string, string>): Promise<TokenReply> {
    return this.call(
      this.dependencies.config().tokenUrl,
      'POST',
      { 'content-type': 'application/json', accept: 'application/json, text/plain, */*' },
      JSON.stringify(body),
    );
  }

  private parseGrant(reply: TokenReply): ClaudeTokenGrant {
    const answer = readTokenAnswer(reply.text, 'Claude', (value) => this.dependencies.addSecret(value));
    const { body } = answer;
    const grant: ClaudeTokenGrant = grantOf(answer, this.dependencies.now());
    const email = nonEmptyStringField(asRecord(body?.account), 'email_address') ?? nonEmptyStringField(asRecord(body?.account), 'email');
    if (email) grant.email = email;
    const organizationName = nonEmptyStringField(asRecord(body?.organization), 'name');
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
    checkCodeExchange(reply, claudeTokenDialect);
    return this.parseGrant(reply);
  }

  /** One refresh call. A 4xx other than 429 means the grant is gone (revoked, rotated out): permanent. */
  async refresh(refreshToken: string): Promise<ClaudeTokenGrant> {
    const config = this.dependencies.config();
    return refreshAtTokenEndpoint(
      () => this.postToken({ client_id: config.clientId, grant_type: 'refresh_token', refresh_token: refreshToken, scope: config.scopes }),
      (reply) => this.parseGrant(reply),
      claudeTokenDialect,
    );
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
      const body = parseJsonObject(reply.text);
      const account = asRecord(body?.account);
      const organization = asRecord(body?.organization);
      const profile: ClaudeProfile = {};
      const email = nonEmptyStringField(account, 'email') ?? nonEmptyStringField(account, 'email_address');
      if (email) profile.email = email;
      const plan = planOf(account, organization);
      if (plan) profile.plan = plan;
      const organizationName = nonEmptyStringField(organization, 'name');
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
    return parseJsonObject(reply.text);
  }
}

/** `has_claude_max` / `has_claude_pro`, else the organization type (`claude_max` -> `max`). */
function planOf(account: Record<string, unknown> | undefined, organization: Record<string, unknown> | undefined): string | undefined {
  if (account?.has_claude_max === true) return 'max';
  if (account?.has_claude_pro === true) return 'pro';
  const type = nonEmptyStringField(organization, 'organization_type') ?? nonEmptyStringField(organization, 'subscription_type');
  return type?.replace(/^claude_/, '');
}
