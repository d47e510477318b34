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

/** One connected account as every surface shows it. Never carries a secret. */
export interface AccountSummary {
  id: string;
  providerId: string;
  /** The email, or the user's label for the account. */
  label: string;
  email?: string;
  plan?: string;
  organization?: string;
  status: AccountStatus;
  disabled: boolean;
  /** Access token expiry, epoch ms. */
  expiresAt?: number;
  /** While cooling down: when the account is usable again, epoch ms. */
  cooldownUntil?: number;
  statusDetail?: string;
  quota?: QuotaWindow[];
}

/** A login in progress (OAuth): what the user opens, and how it completes. */
export interface LoginStart {
  providerId: string;
  url: string;
  state: string;
  redirectUri: string;
  /** False when the loopback listener could not open: complete by pasting the redirect URL or code. */
  listening: boolean;
  listenerError?: string;
  /** Epoch ms after which the login is abandoned. */
  expiresAt: number;
  /** "<Provider>'s terms apply to the connected account." */
  termsNotice: string;
}

export interface RemoveAccountResult {
  removed: boolean;
  /** Whether the provider revoked the token upstream; `undefined` where it publishes no revocation. */
  revoked?: boolean;
  detail: string;
}
