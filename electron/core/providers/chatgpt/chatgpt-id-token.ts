/**
 * Claims of OpenAI's JWTs (protocols.md §2): the `id_token` of a login or refresh and the access token
 * carry `email`, `exp`, and under `https://api.openai.com/auth` the `chatgpt_account_id`, the plan and the
 * organizations. Decoded WITHOUT verifying the signature, on purpose: the token arrived straight from
 * OpenAI's token endpoint over TLS, and its claims only label the account and address requests
 * (`chatgpt-account-id`); OpenAI itself checks the token on every call. Nothing here ever throws or
 * returns the token text.
 */
import { isRecord, trimmedString } from '../../canonical/json-values.js';

export interface OpenAiTokenClaims {
  email?: string;
  /** `chatgpt_account_id`: sent as the `chatgpt-account-id` header. */
  accountId?: string;
  /** `chatgpt_plan_type`: plus, pro, team… */
  plan?: string;
  /** The title of the default organization, when the token lists one. */
  organization?: string;
  /** `exp`, epoch ms. */
  expiresAt?: number;
}

export const openAiAuthClaim = 'https://api.openai.com/auth';
export const openAiProfileClaim = 'https://api.openai.com/profile';

type UnknownRecord = Record<string, unknown>;

/** The JSON payload of a compact JWT (`header.payload.signature`), or undefined for anything else. */
export function decodeJwtPayload(token: string | undefined): UnknownRecord | undefined {
  const segments = token?.split('.');
  if (!segments || segments.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(segments[1])) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(segments[1], 'base64url').toString('utf8'));
    return isRecord(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function defaultOrganization(auth: UnknownRecord | undefined): string | undefined {
  const organizations = Array.isArray(auth?.organizations) ? auth.organizations.filter(isRecord) : [];
  const chosen = organizations.find((organization) => organization.is_default === true) ?? organizations[0];
  return trimmedString(chosen?.title);
}

/** What a token says about its account; every field is optional because every claim may be missing. */
export function openAiTokenClaims(token: string | undefined): OpenAiTokenClaims {
  const payload = decodeJwtPayload(token);
  if (!payload) return {};
  const auth = isRecord(payload[openAiAuthClaim]) ? payload[openAiAuthClaim] : undefined;
  const profile = isRecord(payload[openAiProfileClaim]) ? payload[openAiProfileClaim] : undefined;
  const claims: OpenAiTokenClaims = {};
  const email = trimmedString(payload.email) ?? trimmedString(profile?.email);
  if (email) claims.email = email;
  const accountId = trimmedString(auth?.chatgpt_account_id);
  if (accountId) claims.accountId = accountId;
  const plan = trimmedString(auth?.chatgpt_plan_type);
  if (plan) claims.plan = plan;
  const organization = defaultOrganization(auth);
  if (organization) claims.organization = organization;
  if (typeof payload.exp === 'number' && Number.isFinite(payload.exp) && payload.exp > 0) claims.expiresAt = payload.exp * 1000;
  return claims;
}

/** The id_token's claims, completed by the access token's where the id_token is silent. */
export function mergedTokenClaims(idToken: string | undefined, accessToken: string | undefined): OpenAiTokenClaims {
  const fromId = openAiTokenClaims(idToken);
  const fromAccess = openAiTokenClaims(accessToken);
  const merged: OpenAiTokenClaims = { ...fromId };
  for (const key of ['email', 'accountId', 'plan', 'organization'] as const) {
    const value = merged[key] ?? fromAccess[key];
    if (value !== undefined) merged[key] = value;
  }
  // Expiry is the access token's own, never the id_token's.
  if (fromAccess.expiresAt !== undefined) merged.expiresAt = fromAccess.expiresAt;
  else delete merged.expiresAt;
  return merged;
}
