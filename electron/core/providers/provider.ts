/**
 * The Provider contract. Each provider folder (`providers/<id>/`) implements it with the same file
 * names; the server and routing only ever see this interface.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AccountSummary, HealthCheck, QuotaWindow, RemoveAccountResult } from '../../../shared/domain.js';
import type { ProviderAuth } from './provider-auth.js';
import type { FormatId } from '../canonical/format-id.js';
import type { SwitchyardError } from '../errors/switchyard-error.js';
import type { UpstreamReply } from './upstream-http.js';

/** What routing and the surfaces see of an account (no secrets). */
export type ProviderAccount = AccountSummary;

export interface ProviderModel {
  /** The id a client sends (for OpenAI-compatible entries, `<name>/<model>`). */
  id: string;
  ownedBy: string;
  displayName?: string;
}

export interface ModelResolution {
  upstreamModel: string;
  /** Restrict to these accounts (an OpenAI-compatible entry is its own account). */
  accountIds?: string[];
}

export type UpstreamOperation = 'generate' | 'count-tokens';

export interface UpstreamCall {
  operation: UpstreamOperation;
  upstreamModel: string;
  stream: boolean;
  /** The serialized upstream body. */
  body: string;
  /** The client's headers, for what a provider forwards on purpose (e.g. Anthropic betas). */
  clientHeaders: IncomingHttpHeaders;
  signal: AbortSignal;
}

export interface UpstreamFailure {
  status: number;
  headers: UpstreamReply['headers'];
  bodyText: string;
}

export interface Provider {
  readonly id: string;
  readonly displayName: string;
  readonly upstreamFormat: FormatId;
  /** Whether this provider counts tokens upstream (else the server answers with a local estimate). */
  readonly countsTokens: boolean;
  /** Whether this provider serves `model`; may consult a cached model list. */
  resolveModel(model: string): Promise<ModelResolution | undefined>;
  listAccounts(): ProviderAccount[];
  listModels(signal?: AbortSignal): Promise<ProviderModel[]>;
  execute(call: UpstreamCall, account: ProviderAccount): Promise<UpstreamReply>;
  /** Same-format bodies: fix what the upstream requires (the model is already rewritten). */
  preparePassthroughBody?(bodyText: string): string;
  mapError(failure: UpstreamFailure, account: ProviderAccount): SwitchyardError;
  healthChecks(timeoutMs: number): Promise<HealthCheck[]>;
  /** Account connection (OAuth, session tokens); absent for providers configured in settings. */
  readonly auth?: ProviderAuth;
  /** For accounts that live in settings rather than the vault (OpenAI-compatible entries). */
  readonly accountControl?: ProviderAccountControl;
  /**
   * Read the account's quota windows from the provider's usage endpoint and store them on the account.
   * Called once at start and when a user asks, never on a loop; response headers keep them fresh otherwise.
   */
  refreshQuota?(accountId: string): Promise<QuotaWindow[]>;
  close(): Promise<void>;
}

/** Enable, disable or remove accounts kept outside the vault; vault accounts need none of this. */
export interface ProviderAccountControl {
  setEnabled(accountId: string, enabled: boolean): Promise<void>;
  remove(accountId: string): Promise<RemoveAccountResult>;
}
