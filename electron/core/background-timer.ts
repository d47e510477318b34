/**
 * A timer for background work (expiries, refreshes, cooldown ends): the delay is clamped to what Node's
 * timers can hold (a longer one fires after 1 ms), and it never keeps the process alive on its own.
 */
const maxTimerMs = 2_147_483_647;

export function backgroundTimer(callback: () => void, delayMs: number): NodeJS.Timeout {
  const timer = setTimeout(callback, Math.min(Math.max(0, delayMs), maxTimerMs));
  timer.unref();
  return timer;
}
