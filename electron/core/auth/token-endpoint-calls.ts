/**
 * What every provider's OAuth token endpoint call shares: one call with a deadline read whole, the
 * code-exchange and refresh outcomes (a refusal is the user's to fix or permanent; an overload or an
 * unreachable endpoint is transient), and the token fields of an answer, registered with the redactor the
 * moment they arrive. A provider's `<id>-oauth-api.ts` keeps its body shapes and error dialect.
 */
import { asRecord, nonEmptyStringField, parseJsonObject } from '../canonical/json-values.js';
import { BadRequestError, UpstreamHttpError } from '../errors/switchyard-error.js';
import type { UpstreamHttp } from '../providers/upstream-http.js';
import type { OAuthGrant } from './oauth-account-store.js';
import { RefreshFailure } from './refresh-scheduler.js';

/** A token-endpoint answer, read whole. */
export interface TokenReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** How a provider's token endpoint speaks. */
export interface TokenEndpointDialect {
  /** Who the messages name ("Claude", "OpenAI"). */
  issuer: string;
  /** `invalid_grant: Refresh token not found`, from the provider's error body. */
  describeError(reply: TokenReply): string;
  /** Statuses worth another try later (overload, rate limit, timeout). */
  isTransient(status: number): boolean;
  retryAfterMs(headers: TokenReply['headers']): number | undefined;
}

const tokenCallTimeoutMs = 30_000;

export async function callTokenEndpoint(
  http: UpstreamHttp,
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<TokenReply> {
  const reply = await http.request({ url, method, headers, body, signal: AbortSignal.timeout(tokenCallTimeoutMs) });
  return { status: reply.status, headers: reply.headers, text: await reply.body.text() };
}

/** Throws unless the code exchange succeeded: a 5xx may be tried again, a 4xx needs a new login. */
export function checkCodeExchange(reply: TokenReply, dialect: TokenEndpointDialect): void {
  if (reply.status >= 500) throw new UpstreamHttpError(502, `${dialect.issuer}'s token endpoint failed (HTTP ${reply.status}); try the login again.`);
  if (reply.status >= 400) {
    throw new BadRequestError(`${dialect.issuer} refused the authorization code (${dialect.describeError(reply)}). Start a new login.`, 'code', 'auth_required');
  }
}

/** One refresh call; every failure is a RefreshFailure, permanent when the endpoint refused the grant. */
export async function refreshAtTokenEndpoint<Grant>(
  send: () => Promise<TokenReply>,
  parseGrant: (reply: TokenReply) => Grant,
  dialect: TokenEndpointDialect,
): Promise<Grant> {
  let reply: TokenReply;
  try {
    reply = await send();
  } catch (error) {
    throw new RefreshFailure(`${dialect.issuer}'s token endpoint is unreachable: ${(error as Error).message}`, false);
  }
  if (dialect.isTransient(reply.status)) {
    throw new RefreshFailure(
      `${dialect.issuer}'s token endpoint answered HTTP ${reply.status} (${dialect.describeError(reply)}).`,
      false,
      dialect.retryAfterMs(reply.headers),
    );
  }
  if (reply.status >= 400) throw new RefreshFailure(`${dialect.issuer} refused the refresh token (${dialect.describeError(reply)}).`, true);
  try {
    return parseGrant(reply);
  } catch (error) {
    throw new RefreshFailure((error as Error).message, false);
  }
}

export interface TokenAnswer {
  body: Record<string, unknown> | undefined;
  accessToken: string;
  refreshToken?: string;
  /** `expires_in`, when it is a positive number. */
  expiresInSeconds?: number;
}

/** The token fields of an answer; throws without an access token. Registers the tokens as secrets. */
export function readTokenAnswer(text: string, issuer: string, addSecret: (value: string | undefined) => void): TokenAnswer {
  const body = parseJsonObject(text);
  const accessToken = nonEmptyStringField(body, 'access_token');
  if (!accessToken) throw new UpstreamHttpError(502, `${issuer}'s token endpoint answered without an access_token.`, { retryable: false });
  const refreshToken = nonEmptyStringField(body, 'refresh_token');
  addSecret(accessToken);
  addSecret(refreshToken);
  const answer: TokenAnswer = { body, accessToken };
  if (refreshToken) answer.refreshToken = refreshToken;
  const expiresIn = Number(body?.expires_in);
  if (Number.isFinite(expiresIn) && expiresIn > 0) answer.expiresInSeconds = expiresIn;
  return answer;
}

/** No lifetime in the answer: assume a short one, so the refresh comes early rather than late. */
const fallbackLifetimeMs = 3_600_000;

/** The grant an answer carries: it expires `expires_in` after `issuedAt`, else at `fallbackExpiresAt` (1 h by default). */
export function grantOf(answer: TokenAnswer, issuedAt: number, fallbackExpiresAt = issuedAt + fallbackLifetimeMs): OAuthGrant {
  const expiresAt = answer.expiresInSeconds !== undefined ? issuedAt + answer.expiresInSeconds * 1000 : fallbackExpiresAt;
  const grant: OAuthGrant = { accessToken: answer.accessToken, expiresAt, issuedAt };
  if (answer.refreshToken) grant.refreshToken = answer.refreshToken;
  return grant;
}

/** `invalid_grant: Refresh token not found`: the code from the first field present, the detail likewise. */
export function describeErrorBody(reply: TokenReply, codeFields: readonly FieldPath[], detailFields: readonly FieldPath[]): string {
  const body = parseJsonObject(reply.text);
  const code = firstString(body, codeFields) ?? `HTTP ${reply.status}`;
  const detail = firstString(body, detailFields);
  return detail ? `${code}: ${detail}` : code;
}

/** A field of the body (`'error'`) or of its nested `error` object (`['error', 'type']`). */
export type FieldPath = string | readonly [string, string];

function firstString(body: Record<string, unknown> | undefined, paths: readonly FieldPath[]): string | undefined {
  for (const path of paths) {
    const value = typeof path === 'string' ? nonEmptyStringField(body, path) : nonEmptyStringField(asRecord(body?.[path[0]]), path[1]);
    if (value) return value;
  }
  return undefined;
}
