/**
 * The seed's account-connection routes, the same for every provider that logs in (`provider.auth`):
 *   GET    /v1/auth/llmux/:provider/login               start a login: {url, state, listening, termsNotice, ...}
 *   GET    /v1/auth/llmux/:provider/callback?code&state finish it (no management key: the one-time state protects it)
 *   POST   /v1/auth/llmux/:provider/callback            finish it by hand: {"url": "<redirect URL>"} or {"code": "code#state"}
 *   GET    /v1/auth/llmux/:provider/status[?user_email=] the accounts and their state
 *   DELETE /v1/auth/llmux/:provider?user_email=          remove an account's tokens
 * Everything but the GET callback needs the management key. Errors use the OpenAI error shape.
 * Every route calls the same core operations as the management API, the CLI and the tray.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { OperationName, OperationOutput } from '../../../../shared/contract.js';
import type { AccountSummary } from '../../../../shared/domain.js';
import { callbackPage } from '../../auth/loopback-callback-server.js';
import { BadRequestError, SwitchyardError } from '../../errors/switchyard-error.js';

/** The core operations (the same ones the management API, the CLI and the tray call). */
export type InvokeOperation = <Name extends OperationName>(name: Name, input: unknown) => Promise<OperationOutput<Name>>;

export interface AuthRoutesOptions {
  invoke: InvokeOperation;
  /** The management-key guard (server/middleware/management-auth.ts). */
  managementAuth: RequestHandler;
}

const base = '/v1/auth/llmux/:provider';

function queryText(request: Request, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function accountEmail(account: AccountSummary): string {
  return account.email ?? account.label;
}

/** What status shows of an account: no secrets, ever. */
export function accountStatusView(account: AccountSummary): Record<string, unknown> {
  return {
    id: account.id,
    email: accountEmail(account),
    connected: account.status !== 'needs-relogin',
    status: account.status,
    expiresAt: account.expiresAt ?? null,
    plan: account.plan ?? null,
    organization: account.organization ?? null,
    quota: account.quota ?? [],
    disabled: account.disabled,
    ...(account.cooldownUntil !== undefined ? { cooldownUntil: account.cooldownUntil } : {}),
    ...(account.statusDetail ? { statusDetail: account.statusDetail } : {}),
  };
}

/** A provider that connects accounts by login, with its accounts as every surface shows them. */
async function loginProvider(options: AuthRoutesOptions, id: string) {
  const { providers } = await options.invoke('listProviders', {});
  const withLogin = providers.filter((provider) => provider.accountSource === 'login');
  const provider = withLogin.find((candidate) => candidate.id === id);
  if (!provider) {
    const known = withLogin.map((candidate) => candidate.id).join(', ') || 'none';
    throw new SwitchyardError('not_found', 404, `No provider "${id}" connects accounts here (known: ${known}).`);
  }
  return provider;
}

function findAccount(provider: { displayName: string; accounts: AccountSummary[] }, email: string): AccountSummary {
  const wanted = email.toLowerCase();
  const account = provider.accounts.find((candidate) => accountEmail(candidate).toLowerCase() === wanted);
  if (!account) throw new SwitchyardError('not_found', 404, `No ${provider.displayName} account "${email}" is connected.`, { param: 'user_email' });
  return account;
}

export function authRoutes(options: AuthRoutesOptions): Router {
  const router = Router();
  const guard = options.managementAuth;
  const jsonBody = express.json({ limit: '64kb', type: () => true });

  router.get(`${base}/login`, guard, async (request, response) => {
    const provider = await loginProvider(options, String(request.params.provider));
    const login = await options.invoke('startLogin', { providerId: provider.id });
    const callback = `/v1/auth/llmux/${provider.id}/callback`;
    response.json({
      ...login,
      manualCompletion: `If the browser cannot reach ${login.redirectUri}, copy the address it ended on and POST {"url": "<that address>"} (or {"code": "<code>#<state>"}) to ${callback} with the management key.`,
    });
  });

  // The browser lands here when the redirect goes to Switchyard itself; the one-time state protects it.
  router.get(`${base}/callback`, async (request: Request, response: Response) => {
    const provider = await loginProvider(options, String(request.params.provider));
    const address = new URL(request.originalUrl, 'http://127.0.0.1');
    const account = await options.invoke('completeLogin', { providerId: provider.id, url: address.href });
    if (request.accepts(['json', 'html']) === 'html') {
      response.type('html').send(callbackPage(`${provider.displayName} account connected`, `${accountEmail(account)} is connected. You can close this tab.`));
      return;
    }
    response.json({ connected: true, account: accountStatusView(account) });
  });

  router.post(`${base}/callback`, guard, jsonBody, async (request, response) => {
    const provider = await loginProvider(options, String(request.params.provider));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    if (text('url') === undefined && text('code') === undefined) {
      throw new BadRequestError('Send {"url": "<the redirect address>"} or {"code": "<code>#<state>"}.', 'code');
    }
    const account = await options.invoke('completeLogin', { providerId: provider.id, url: text('url'), code: text('code'), state: text('state') });
    response.json({ connected: true, account: accountStatusView(account) });
  });

  router.get(`${base}/status`, guard, async (request, response) => {
    const provider = await loginProvider(options, String(request.params.provider));
    const email = queryText(request, 'user_email');
    const accounts = email ? [findAccount(provider, email)] : provider.accounts;
    response.json({ provider: provider.id, accounts: accounts.map(accountStatusView) });
  });

  router.delete(base, guard, async (request, response) => {
    const provider = await loginProvider(options, String(request.params.provider));
    const email = queryText(request, 'user_email');
    if (!email) throw new BadRequestError('Name the account to remove: ?user_email=<email>.', 'user_email');
    const account = findAccount(provider, email);
    const result = await options.invoke('removeAccount', { accountId: account.id });
    response.json({ provider: provider.id, email: accountEmail(account), ...result });
  });

  return router;
}
