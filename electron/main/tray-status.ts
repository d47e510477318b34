/**
 * What the tray shows, as a pure function of the gateway's state: the icon state (ok, warning, error,
 * idle) and the status line ("Proxy on 127.0.0.1:8317 · 2 accounts connected · 1 needs re-login").
 */
import type { AccountStatus, HealthState } from '../../shared/domain.js';

export type TrayState = 'ok' | 'warning' | 'error' | 'idle';
export const trayStates: readonly TrayState[] = ['ok', 'warning', 'error', 'idle'];

export interface TrayStatusInput {
  /** `127.0.0.1:8317` */
  endpoint: string;
  listening: boolean;
  paused: boolean;
  accounts: ReadonlyArray<{ status: AccountStatus; disabled: boolean }>;
  /** The overall health from the core's health events, when one has arrived. */
  health?: HealthState;
  /** Reasons health is not ok (e.g. secrets not protected by the OS). */
  warnings: readonly string[];
}

export interface TrayStatus {
  state: TrayState;
  line: string;
  tooltip: string;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function computeTrayStatus(input: TrayStatusInput): TrayStatus {
  if (input.paused || !input.listening) {
    const line = input.paused ? 'Proxy paused' : 'Proxy not running';
    return { state: 'idle', line, tooltip: `Switchyard: ${line}` };
  }
  const enabled = input.accounts.filter((account) => !account.disabled);
  const needsRelogin = enabled.filter((account) => account.status === 'needs-relogin').length;
  const usable = enabled.length - needsRelogin;
  const parts = [`Proxy on ${input.endpoint}`, enabled.length === 0 ? 'no accounts connected' : `${plural(enabled.length, 'account', 'accounts')} connected`];
  if (needsRelogin > 0) parts.push(`${needsRelogin} ${needsRelogin === 1 ? 'needs' : 'need'} re-login`);
  const line = parts.join(' · ');

  let state: TrayState;
  if (input.health === 'error' || (enabled.length > 0 && usable === 0)) state = 'error';
  else if (needsRelogin > 0 || input.warnings.length > 0 || input.health === 'warn') state = 'warning';
  else if (enabled.length === 0) state = 'idle';
  else state = 'ok';
  const tooltip = [`Switchyard: ${line}`, ...input.warnings].join('\n');
  return { state, line, tooltip };
}
