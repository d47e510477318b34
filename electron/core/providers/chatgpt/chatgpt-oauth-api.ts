/**
 * OpenAI's OAuth endpoints as Codex CLI uses them (protocols.md §2), and the ChatGPT usage read-out (§7):
 * - the code exchange: a form-urlencoded body `grant_type, code, redirect_uri, client_id, code_verifier`;
 * - the refresh: a JSON body `{client_id, grant_type:"refresh_token", refresh_token}`; refresh tokens rotate;
 * - the revocation: a JSON body `{token, token_type_hint:"refresh_token", client_id}`;
 * - `GET …/wham/usage` with the account's token.
 * Every token is registered with the redactor the moment it arrives. Upstream calls go through the shared undici pools.
 */
import type { OAuthGrant } from '../../auth/oauth-account-store.js';
import type { CodeGrant } from '../../auth/oauth-login-flow.js';
import type { RevokeOutcome } from '../../auth/oauth-provider-auth.js';
import { callTokenEndpoint, checkCodeExchange, describeErrorBody, grantOf, readTokenAnswer, refreshAtTokenEndpoint, type TokenEndpointDialect, type TokenReply } from '../../auth/token-endpoint-calls.js';
import { nonEmptyStringField } from '../../canonical/json-values.js';
import { UpstreamHttpError } from '../../errors/switchyard-error.js';
import { headerValue, type UpstreamHttp } from '../upstream-http.js';
import type { RequestCredentials } from './chatgpt-auth.js';
import type { ChatgptConfig } from './chatgpt-config.js';
import { mergedTokenClaims, type OpenAiTokenClaims } from './chatgpt-id-token.js';

export interface ChatgptTokenGrant extends OAuthGrant {
  idToken?: string;
  /** Email, account id and plan from the id_token (completed by the access token). */
  claims: OpenAiTokenClaims;
}

export interface OAuthApiDependencies {
  http: UpstreamHttp;
  config: () => ChatgptConfig;
  addSecret(value: string | undefined): void;
  now(): number;
}

/** `refresh_token_reused: Your refresh token has already been used…`, from the OAuth or the OpenAI error shape. */
export function describeTokenError(reply: TokenReply): string {
  return describeErrorBody(
    reply,
    ['error', ['error', 'code'], ['error', 'type'], 'code'],
    ['error_description', ['error', 'message'], 'message'],
  );
}

/** OpenAI's token endpoint: 408, 429 and 5xx are worth another try; any other 4xx refuses the grant for good. */
const openAiTokenDialect: TokenEndpointDialect = {
  issuer: 'OpenAI',
  describeError: describeTokenError,
  isTransient: (status) => status === 408 || status === 429 || status >= 500,
  retryAfterMs(headers) {
    const seconds = Number(headerValue(headers, 'retry-after'));
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
  },
};

export class ChatgptOAuthApi {
  constructor(private readonly dependencies: OAuthApiDependencies) {}

  private post(url: string, contentType: string, body: string): Promise<TokenReply> {
    return callTokenEndpoint(this.dependencies.http, url, 'POST', { 'content-type': contentType, accept: 'application/json' }, body);
  }

  private parseGrant(reply: TokenReply): ChatgptTokenGrant {
    const { addSecret, now } = this.dependencies;
    const answer = readTokenAnswer(reply.text, 'OpenAI', (value) => addSecret(value));
    const idToken = nonEmptyStringField(answer.body, 'id_token');
    addSecret(idToken);
    const issuedAt = now();
    const claims = mergedTokenClaims(idToken, answer.accessToken);
    // Without `expires_in`, the token's own expiry; without that, the 1 h fallback.
    const grant: ChatgptTokenGrant = { ...grantOf(answer, issuedAt, claims.expiresAt), claims };
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
    checkCodeExchange(reply, openAiTokenDialect);
    return this.parseGrant(reply);
  }

  /**
   * One refresh call. A 4xx other than 408/429 means the grant is gone (`refresh_token_reused`,
   * `invalid_grant`, expired or revoked): permanent, never retried.
   */
  async refresh(refreshToken: string): Promise<ChatgptTokenGrant> {
    const config = this.dependencies.config();
    return refreshAtTokenEndpoint(
      () => this.post(config.tokenUrl, 'application/json', JSON.stringify({ client_id: config.clientId, grant_type: 'refresh_token', refresh_token: refreshToken })),
      (reply) => this.parseGrant(reply),
      openAiTokenDialect,
    );
  }

  /** Revoke a refresh token upstream; never throws (the caller removes the tokens locally either way). */
  async revoke(refreshToken: string): Promise<RevokeOutcome> {
    const config = this.dependencies.config();
    try {
      const body = JSON.stringify({ token: refreshToken, token_type_hint: 'refresh_token', client_id: config.clientId });
      const reply = await this.post(config.revokeUrl, 'application/json', body);
      if (reply.status < 300) return { revoked: true };
      return { revoked: false, reason: `OpenAI answered HTTP ${reply.status} (${describeTokenError(reply)})` };
    } catch (error) {
      return { revoked: false, reason: `OpenAI's revoke endpoint is unreachable (${(error as Error).message})` };
    }
  }

  /** `GET …/wham/usage` (protocols.md §7): the account's quota windows as the backend reports them. */
  async usage(credentials: RequestCredentials): Promise<unknown> {
    const reply = await callTokenEndpoint(this.dependencies.http, this.dependencies.config().usageUrl, 'GET', {
      authorization: `Bearer ${credentials.accessToken}`,
      'chatgpt-account-id': credentials.accountId,
      accept: 'application/json',
    });
    if (reply.status >= 400) throw new UpstreamHttpError(reply.status, `ChatGPT's usage endpoint answered HTTP ${reply.status}.`);
    try {
      return JSON.parse(reply.text) as unknown;
    } catch {
      throw new UpstreamHttpError(502, "ChatGPT's usage endpoint answered something other than JSON.", { retryable: false });
    }
  }
}
