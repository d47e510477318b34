import { describe, expect, it } from 'vitest';
import { ManagementLockout } from './management-lockout.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('management lockout', () => {
  it('locks an address after five failures within a minute, for fifteen minutes', () => {
    const time = clock();
    const lockout = new ManagementLockout({ now: time.now });
    for (let attempt = 0; attempt < 4; attempt += 1) lockout.recordFailure('127.0.0.1');
    expect(lockout.lockedUntil('127.0.0.1')).toBeUndefined();
    lockout.recordFailure('127.0.0.1');
    expect(lockout.lockedUntil('127.0.0.1')).toBe(time.now() + 15 * 60_000);
    expect(lockout.lockedUntil('::1')).toBeUndefined();
    time.advance(15 * 60_000 - 1);
    expect(lockout.lockedUntil('127.0.0.1')).toBeDefined();
    time.advance(1);
    expect(lockout.lockedUntil('127.0.0.1')).toBeUndefined();
  });

  it('forgets failures older than a minute', () => {
    const time = clock();
    const lockout = new ManagementLockout({ now: time.now });
    for (let attempt = 0; attempt < 4; attempt += 1) lockout.recordFailure('127.0.0.1');
    time.advance(60_000);
    lockout.recordFailure('127.0.0.1');
    expect(lockout.lockedUntil('127.0.0.1')).toBeUndefined();
  });
});
