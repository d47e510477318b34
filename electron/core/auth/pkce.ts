/**
 * PKCE (RFC 7636, method S256) and the one-time OAuth `state`, both from crypto.randomBytes.
 * Provider-neutral: every OAuth login (Claude, ChatGPT) takes its verifier, challenge and state from here.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** Kept server-side until the code exchange; never leaves the core. */
  verifier: string;
  /** Sent in the authorize URL as `code_challenge`. */
  challenge: string;
  method: 'S256';
}

/** 96 random bytes as base64url without padding: 128 characters, the longest verifier RFC 7636 allows. */
export const pkceVerifierBytes = 96;

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function createPkcePair(byteLength = pkceVerifierBytes): PkcePair {
  const verifier = randomBytes(byteLength).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/** An unguessable `state` (256 bits); checked once at the callback, then discarded. */
export function createOAuthState(byteLength = 32): string {
  return randomBytes(byteLength).toString('base64url');
}
