/** Domain types shown by the dashboard, the CLI and the management API. Pure TypeScript. */
export type AccountStatus = 'ok' | 'refreshing' | 'needs-relogin' | 'cooling-down' | 'disabled';

export type HealthState = 'ok' | 'warn' | 'error';

export interface HealthCheck {
  name: string;
  state: HealthState;
  detail: string;
}

export interface QuotaWindow {
  /** e.g. `5h`, `7d`, `primary`, `secondary`. */
  name: string;
  /** 0..1 */
  usedFraction?: number;
  /** Epoch ms. */
  resetsAt?: number;
  status?: string;
}
