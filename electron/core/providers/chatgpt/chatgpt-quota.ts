/**
 * ChatGPT subscription windows (protocols.md §2, §7), from three sources that carry the same numbers:
 * - the `x-codex-primary-*` / `x-codex-secondary-*` headers of every Codex answer (429 included):
 *   `used-percent`, `window-minutes`, `reset-at` (unix seconds), `reset-after-seconds`;
 * - the `codex.rate_limits` stream event: `rate_limits.{primary,secondary}.{used_percent,window_minutes,reset_at}`;
 * - the usage endpoint: `rate_limit.{primary_window,secondary_window}.{used_percent,limit_window_seconds,reset_at,reset_after_seconds}`.
 * A window is named by its length (`5h`, `7d`) when known, else `primary` / `secondary`.
 */
import type { QuotaWindow } from '../../../../shared/domain.js';
import { asRecord, isRecord } from '../../canonical/json-values.js';
import { headerValue, type UpstreamReply } from '../upstream-http.js';

type WindowKind = 'primary' | 'secondary';
const windowKinds: readonly WindowKind[] = ['primary', 'secondary'];

interface RawWindow {
  usedPercent?: number;
  windowMinutes?: number;
  /** Unix seconds. */
  resetAt?: number;
  resetAfterSeconds?: number;
}

function finiteNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** `300` -> `5h`, `10080` -> `7d`; unknown lengths keep the upstream's own name. */
export function windowName(kind: WindowKind, minutes: number | undefined): string {
  if (minutes === undefined || minutes <= 0) return kind;
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

function toWindow(kind: WindowKind, raw: RawWindow, now: number): QuotaWindow | undefined {
  if (raw.usedPercent === undefined && raw.resetAt === undefined && raw.resetAfterSeconds === undefined) return undefined;
  const window: QuotaWindow = { name: windowName(kind, raw.windowMinutes) };
  if (raw.usedPercent !== undefined) {
    window.usedFraction = Math.min(1, Math.max(0, raw.usedPercent / 100));
    window.status = raw.usedPercent >= 100 ? 'rejected' : 'allowed';
  }
  if (raw.resetAt !== undefined && raw.resetAt > 0) window.resetsAt = raw.resetAt * 1000;
  else if (raw.resetAfterSeconds !== undefined && raw.resetAfterSeconds >= 0) window.resetsAt = now + raw.resetAfterSeconds * 1000;
  return window;
}

function collect(read: (kind: WindowKind) => RawWindow, now: number): QuotaWindow[] | undefined {
  const windows = windowKinds.map((kind) => toWindow(kind, read(kind), now)).filter((window): window is QuotaWindow => window !== undefined);
  return windows.length > 0 ? windows : undefined;
}

/** The windows named in an answer's `x-codex-*` headers, or undefined when it carried none. */
export function quotaWindowsFromHeaders(headers: UpstreamReply['headers'], now: number): QuotaWindow[] | undefined {
  return collect(
    (kind) => ({
      usedPercent: finiteNumber(headerValue(headers, `x-codex-${kind}-used-percent`)),
      windowMinutes: finiteNumber(headerValue(headers, `x-codex-${kind}-window-minutes`)),
      resetAt: finiteNumber(headerValue(headers, `x-codex-${kind}-reset-at`)),
      resetAfterSeconds: finiteNumber(headerValue(headers, `x-codex-${kind}-reset-after-seconds`)),
    }),
    now,
  );
}

/** The windows of a `codex.rate_limits` stream event. */
export function quotaWindowsFromRateLimitsEvent(event: unknown, now: number): QuotaWindow[] | undefined {
  const limits = isRecord(event) && isRecord(event.rate_limits) ? event.rate_limits : undefined;
  if (!limits) return undefined;
  return collect((kind) => {
    const entry = isRecord(limits[kind]) ? limits[kind] : {};
    return {
      usedPercent: finiteNumber(entry.used_percent),
      windowMinutes: finiteNumber(entry.window_minutes),
      resetAt: finiteNumber(entry.reset_at) ?? finiteNumber(entry.resets_at),
      resetAfterSeconds: finiteNumber(entry.reset_after_seconds) ?? finiteNumber(entry.resets_in_seconds),
    };
  }, now);
}

/** The usage endpoint's body (`GET …/wham/usage`). */
export function quotaWindowsFromUsage(body: unknown, now: number): QuotaWindow[] {
  const limits = isRecord(body) && isRecord(body.rate_limit) ? body.rate_limit : undefined;
  if (!limits) return [];
  return (
    collect((kind) => {
      const entry = asRecord(limits[`${kind}_window`]) ?? {};
      const seconds = finiteNumber(entry.limit_window_seconds);
      return {
        usedPercent: finiteNumber(entry.used_percent),
        windowMinutes: seconds === undefined ? finiteNumber(entry.window_minutes) : seconds / 60,
        resetAt: finiteNumber(entry.reset_at),
        resetAfterSeconds: finiteNumber(entry.reset_after_seconds),
      };
    }, now) ?? []
  );
}
