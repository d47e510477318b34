import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginEndedError, PendingLogins, type PendingLogin } from './pending-logins.js';

const login = (state: string, expiresAt: number): PendingLogin => ({ state, verifier: 'v', redirectUri: 'http://localhost:1/callback', expiresAt });

describe('PendingLogins', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a state be claimed once, and tells waiters the outcome', async () => {
    const logins = new PendingLogins<string>({ now: Date.now });
    const release = vi.fn();
    logins.add(login('s1', Date.now() + 1000), release);
    const outcome = logins.wait('s1');
    expect(logins.claim('s1')).toMatchObject({ state: 's1', verifier: 'v' });
    expect(release).toHaveBeenCalledTimes(1);
    expect(logins.claim('s1')).toBeUndefined();
    logins.succeed('s1', 'account');
    await expect(outcome).resolves.toBe('account');
    await expect(logins.wait('s1')).resolves.toBe('account');
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('abandons a login at expiry', async () => {
    const logins = new PendingLogins<string>({ now: Date.now });
    const release = vi.fn();
    logins.add(login('s2', Date.now() + 1000), release);
    const outcome = logins.wait('s2');
    vi.advanceTimersByTime(1000);
    await expect(outcome).rejects.toMatchObject({ reason: 'timeout' });
    expect(release).toHaveBeenCalledTimes(1);
    expect(logins.claim('s2')).toBeUndefined();
    expect(logins.wait('s2')).toBeUndefined();
  });

  it('cancels with a reason, and close fails what is left', async () => {
    const logins = new PendingLogins<string>({ now: Date.now });
    logins.add(login('s3', Date.now() + 1000));
    logins.add(login('s4', Date.now() + 1000));
    const cancelled = logins.wait('s3');
    expect(logins.cancel('s3', 'The user said no.')).toBe(true);
    await expect(cancelled).rejects.toThrow('The user said no.');
    const closed = logins.wait('s4');
    logins.close();
    await expect(closed).rejects.toBeInstanceOf(LoginEndedError);
  });
});
