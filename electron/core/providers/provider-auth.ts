/**
 * Connecting accounts: the same operations for every provider that logs in (Claude, ChatGPT, cto.new...).
 * The seed routes, the management API, the CLI and the tray all call these.
 */
import type { AccountSummary, LoginStart, RemoveAccountResult } from '../../../shared/domain.js';

export interface ProviderAuth {
  /** Begin a login: PKCE + state, and a loopback listener while it is pending. */
  startLogin(): Promise<LoginStart>;
  /** Finish with the code and state (from the listener, the callback route, or a pasted `code#state` / redirect URL). */
  completeLogin(input: { code: string; state: string }): Promise<AccountSummary>;
  /** Resolves when the pending login with this state completes (or rejects when it fails, is cancelled or times out). */
  waitForLogin(state: string): Promise<AccountSummary>;
  /** Abandon a pending login; `reason` (e.g. the provider's `error_description`) is what waiters are told. */
  cancelLogin(state: string, reason?: string): void;
  /** Remove the account's tokens (revoking upstream where the provider allows it). */
  removeAccount(accountId: string): Promise<RemoveAccountResult>;
  /** Refresh the access token now; concurrent callers share one refresh. */
  refresh(accountId: string): Promise<void>;
  /** Stop timers and listeners. */
  close(): Promise<void>;
}
