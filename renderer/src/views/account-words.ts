/** How accounts, times and quota windows read on screen. */
import type { AccountSummary, QuotaWindow } from '../contract-types.js';

export function formatTime(ms: number, now: number = Date.now()): string {
  const date = new Date(ms);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return time;
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${time}`;
}

/** `ok`, `refreshing`, `needs re-login`, `cooling down until 14:05`, `disabled`. */
export function accountStatusText(account: AccountSummary, now: number = Date.now()): string {
  if (account.disabled) return 'disabled';
  switch (account.status) {
    case 'needs-relogin':
      return 'needs re-login';
    case 'cooling-down':
      return account.cooldownUntil ? `cooling down until ${formatTime(account.cooldownUntil, now)}` : 'cooling down';
    default:
      return account.status;
  }
}

export function accountTone(account: AccountSummary): 'ok' | 'warn' | 'error' | 'idle' {
  if (account.disabled) return 'idle';
  if (account.status === 'needs-relogin') return 'error';
  if (account.status === 'cooling-down') return 'warn';
  return 'ok';
}

/** `5h window: 42% used, resets 15:00`. */
export function quotaText(window: QuotaWindow, now: number = Date.now()): string {
  const parts = [`${window.name} window`];
  const used = window.usedFraction === undefined ? undefined : `${Math.round(window.usedFraction * 100)}% used`;
  const detail = [used, window.status && window.status !== 'allowed' ? window.status : undefined].filter(Boolean).join(', ');
  const reset = window.resetsAt ? `resets ${formatTime(window.resetsAt, now)}` : undefined;
  return [`${parts[0]}${detail ? `: ${detail}` : ''}`, reset].filter(Boolean).join(', ');
}
