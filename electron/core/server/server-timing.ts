/**
 * `Server-Timing: switchyard;dur=<ms in Switchyard>, upstream;dur=<ms waiting on the upstream>`, so a user
 * can read our overhead off any proxied response or error (browser dev tools show it too). The request id
 * middleware stamps when the request arrived; whoever answers sets the header, once, before headers go out.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export const serverTimingHeader = 'server-timing';

export function serverTimingValue(switchyardMs: number, upstreamMs: number): string {
  return `switchyard;dur=${Math.max(0, switchyardMs).toFixed(2)}, upstream;dur=${Math.max(0, upstreamMs).toFixed(2)}`;
}

/** Sets the header unless one is already set or the headers are gone. */
export function setServerTiming(response: ServerResponse, switchyardMs: number, upstreamMs: number): void {
  if (response.headersSent || response.hasHeader(serverTimingHeader)) return;
  response.setHeader(serverTimingHeader, serverTimingValue(switchyardMs, upstreamMs));
}

/** For answers that never reached an upstream: all of the time since the request arrived is ours. */
export function setLocalServerTiming(response: ServerResponse, arrivedAt: unknown): void {
  if (typeof arrivedAt === 'number') setServerTiming(response, performance.now() - arrivedAt, 0);
}
