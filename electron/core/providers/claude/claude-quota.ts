/**
 * Subscription quota windows from the `anthropic-ratelimit-unified-*` headers every Claude response
 * carries (protocols.md §1, §7): `…-5h-status|reset|utilization`, `…-7d-…`, `…-7d_oi-…`, plus the overall
 * `…-unified-status|reset`. Status is `allowed|allowed_warning|rejected`; reset is a unix time in seconds.
 */
import type { QuotaWindow } from '../../../../shared/domain.js';
import { isRecord } from '../../canonical/json-values.js';
import { headerValue, type UpstreamReply } from '../upstream-http.js';

const prefix = 'anthropic-ratelimit-unified-';
const windowHeader = /^anthropic-ratelimit-unified-(.+)-(status|reset|utilization)$/;
const windowOrder = ['5h', '7d'];

function resetMs(value: string | undefined): number | undefined {
  const seconds = Number(value);
  return value !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** A fraction 0..1; some senders give a percentage. */
function fraction(value: string | undefined): number | undefined {
  const number = Number(value);
  if (value === undefined || !Number.isFinite(number) || number < 0) return undefined;
  return Math.min(1, number > 1 ? number / 100 : number);
}

/** The windows named in the headers (5h and 7d first), or undefined when the response carried none. */
export function quotaWindowsFromHeaders(headers: UpstreamReply['headers']): QuotaWindow[] | undefined {
  const windows = new Map<string, QuotaWindow>();
  for (const name of Object.keys(headers)) {
    const match = windowHeader.exec(name.toLowerCase());
    if (!match) continue;
    const [, windowName, field] = match;
    const window = windows.get(windowName) ?? { name: windowName };
    const value = headerValue(headers, name);
    if (field === 'status' && value) window.status = value;
    if (field === 'reset') {
      const resetsAt = resetMs(value);
      if (resetsAt !== undefined) window.resetsAt = resetsAt;
    }
    if (field === 'utilization') {
      const used = fraction(value);
      if (used !== undefined) window.usedFraction = used;
    }
    windows.set(windowName, window);
  }
  if (windows.size === 0) return undefined;
  const rank = (name: string) => (windowOrder.includes(name) ? windowOrder.indexOf(name) : windowOrder.length);
  return [...windows.values()].sort((left, right) => rank(left.name) - rank(right.name) || left.name.localeCompare(right.name));
}

/**
 * When a rejected subscription frees up: the overall reset, else the latest reset among rejected windows.
 * Undefined while nothing is rejected.
 */
export function rejectedUntil(headers: UpstreamReply['headers']): number | undefined {
  const windows = quotaWindowsFromHeaders(headers) ?? [];
  const rejected = windows.filter((window) => window.status === 'rejected' && window.resetsAt !== undefined);
  const overallRejected = headerValue(headers, `${prefix}status`) === 'rejected';
  const overallReset = resetMs(headerValue(headers, `${prefix}reset`));
  if (overallRejected && overallReset !== undefined) return overallReset;
  if (rejected.length === 0) return undefined;
  return Math.max(...rejected.map((window) => window.resetsAt as number));
}

const usageWindowNames: Record<string, string> = { five_hour: '5h', seven_day: '7d', seven_day_opus: '7d_opus', seven_day_sonnet: '7d_sonnet', seven_day_oauth_apps: '7d_oauth_apps' };

/** The usage endpoint's body (`utilization` in percent, `resets_at` ISO) as quota windows, 5h and 7d first. */
export function quotaWindowsFromUsage(body: unknown): QuotaWindow[] {
  if (!isRecord(body)) return [];
  const windows: QuotaWindow[] = [];
  for (const [key, name] of Object.entries(usageWindowNames)) {
    const entry = body[key];
    if (entry === null || typeof entry !== 'object') continue;
    const { utilization, resets_at: resetsAtText } = entry as { utilization?: unknown; resets_at?: unknown };
    const window: QuotaWindow = { name };
    if (typeof utilization === 'number' && Number.isFinite(utilization)) window.usedFraction = Math.min(1, Math.max(0, utilization / 100));
    const resetsAt = typeof resetsAtText === 'string' ? Date.parse(resetsAtText) : Number.NaN;
    if (Number.isFinite(resetsAt)) window.resetsAt = resetsAt;
    windows.push(window);
  }
  return windows;
}
