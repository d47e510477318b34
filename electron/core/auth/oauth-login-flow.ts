/**
 * One provider's OAuth authorization-code login with PKCE, end to end and provider-neutral:
 * startLogin makes the verifier, challenge and state, opens the loopback listener (if its port is free)
 * and returns the authorize URL; the code then arrives through the listener, the callback route or a
 * pasted redirect (completeLogin), is exchanged once by the provider's `exchange`, and every waiter learns
 * the outcome. The provider supplies only what differs: the authorize URL, the listener ports and path,
 * and the code exchange. Claude and ChatGPT both build their ProviderAuth on this.
 */
import type { Logger } from 'pino';
import type { LoginStart } from '../../../shared/domain.js';
import { BadRequestError } from '../errors/switchyard-error.js';
import { createOAuthState, createPkcePair } from './pkce.js';
import { LoginEndedError, PendingLogins, type PendingLogin } from './pending-logins.js';
import { LoopbackCallbackServer, LoopbackListenError } from './loopback-callback-server.js';

export interface LoopbackPlan {
  /** Ports to try in order (the first is the registered one). */
  ports: readonly number[];
  /** e.g. `/callback`. */
  path: string;
  /** The host name in the redirect URI as registered with the provider (`localhost`). */
  hostName: string;
}

export interface AuthorizeParameters {
  state: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  redirectUri: string;
}

export interface CodeGrant {
  code: string;
  state: string;
  verifier: string;
  redirectUri: string;
}

export interface OAuthLoginFlowOptions<Result> {
  providerId: string;
  /** e.g. "Claude": shown on the listener's pages and in messages. */
  serviceName: string;
  /** "<Provider>'s terms apply to the connected account." */
  termsNotice: string;
  /** Read at each login, so setting changes apply to the next one. */
  loopback(): LoopbackPlan;
  timeoutMs(): number;
  authorizeUrl(parameters: AuthorizeParameters): string;
  /** Exchange the code at the token endpoint and store the account; runs at most once per state. */
  exchange(grant: CodeGrant): Promise<Result>;
  /** Register secrets (verifier, code) with the redactor before anything could log them. */
  addSecret(value: string): void;
  now(): number;
  logger: Logger;
}

export function redirectUriFor(plan: LoopbackPlan, port: number): string {
  return `http://${plan.hostName}:${port}${plan.path}`;
}

export class OAuthLoginFlow<Result> {
  private readonly pending: PendingLogins<Result>;
  private readonly listeners = new Set<LoopbackCallbackServer>();

  constructor(private readonly options: OAuthLoginFlowOptions<Result>) {
    this.pending = new PendingLogins<Result>({ now: options.now });
  }

  async startLogin(): Promise<LoginStart> {
    const { options } = this;
    const plan = options.loopback();
    const pkce = createPkcePair();
    const state = createOAuthState();
    options.addSecret(pkce.verifier);
    const timeoutMs = options.timeoutMs();
    const expiresAt = options.now() + timeoutMs;
    let listener: LoopbackCallbackServer | undefined;
    let listenerError: string | undefined;
    // The registered port serves one login at a time: a new login takes it over. Earlier logins stay
    // pending, and can still be completed by hand until they expire.
    await Promise.all([...this.listeners].map((open) => open.close()));
    this.listeners.clear();
    try {
      listener = await LoopbackCallbackServer.open({
        ports: plan.ports,
        path: plan.path,
        expectedState: state,
        timeoutMs,
        serviceName: options.serviceName,
        onCode: async (code) => {
          await this.completeLogin({ code, state });
        },
        onFailure: (error) => this.pending.fail(state, new LoginEndedError(error.message, 'failed')),
      });
      this.listeners.add(listener);
    } catch (error) {
      if (!(error instanceof LoopbackListenError)) throw error;
      listenerError = error.message;
      options.logger.warn({ provider: options.providerId, code: error.code, ports: plan.ports }, 'login listener could not open; manual completion only');
    }
    const redirectUri = redirectUriFor(plan, listener?.port ?? plan.ports[0]);
    const login: PendingLogin = { state, verifier: pkce.verifier, redirectUri, expiresAt };
    const opened = listener;
    this.pending.add(login, () => {
      if (!opened) return;
      this.listeners.delete(opened);
      void opened.close();
    });
    const url = options.authorizeUrl({ state, codeChallenge: pkce.challenge, codeChallengeMethod: pkce.method, redirectUri });
    options.logger.info({ provider: options.providerId, listening: Boolean(listener), redirectUri }, 'login started');
    const start: LoginStart = {
      providerId: options.providerId,
      url,
      state,
      redirectUri,
      listening: Boolean(listener),
      expiresAt,
      termsNotice: options.termsNotice,
    };
    if (listenerError) start.listenerError = listenerError;
    return start;
  }

  /** Finish the login for `state` with its code; the state is spent whatever the outcome. */
  async completeLogin(input: { code: string; state: string }): Promise<Result> {
    const login = this.pending.claim(input.state);
    if (!login) {
      throw new BadRequestError(
        'This login state is unknown, expired or already used. Start a new login and complete it within its time limit.',
        'state',
      );
    }
    this.options.addSecret(input.code);
    try {
      const result = await this.options.exchange({ code: input.code, state: input.state, verifier: login.verifier, redirectUri: login.redirectUri });
      this.pending.succeed(input.state, result);
      return result;
    } catch (error) {
      this.pending.fail(input.state, error as Error);
      throw error;
    }
  }

  waitForLogin(state: string): Promise<Result> {
    return this.pending.wait(state) ?? Promise.reject(new BadRequestError('No login with this state is in progress.', 'state'));
  }

  cancelLogin(state: string, reason?: string): void {
    this.pending.cancel(state, reason);
  }

  async close(): Promise<void> {
    this.pending.close();
    await Promise.all([...this.listeners].map((listener) => listener.close()));
    this.listeners.clear();
  }
}
