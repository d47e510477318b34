import { describe, expect, it } from 'vitest';
import { createOAuthState, createPkcePair, pkceChallenge } from './pkce.js';

describe('PKCE S256', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a 128-character base64url verifier from 96 random bytes, and its challenge', () => {
    const pair = createPkcePair();
    expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{128}$/);
    expect(pair.challenge).toBe(pkceChallenge(pair.verifier));
    expect(pair.method).toBe('S256');
    expect(createPkcePair().verifier).not.toBe(pair.verifier);
  });

  it('makes unguessable, distinct states', () => {
    const states = new Set(Array.from({ length: 100 }, () => createOAuthState()));
    expect(states.size).toBe(100);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
