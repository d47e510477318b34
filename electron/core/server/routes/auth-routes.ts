/**
 * The seed's account-connection routes, the same for every provider that logs in (`provider.auth`):
 *   GET    /v1/auth/llmux/:provider/login               start a login: {url, state, listening, termsNotice, ...}
 *   GET    /v1/auth/llmux/:provider/callback?code&state finish it (no management key: the one-time state protects it)
 *   POST   /v1/auth/llmux/:provider/callback            finish it by hand: {"url": "<redirect URL>"} or {"code": "code#state"}
 *   GET    /v1/auth/llmux/:provider/status[?user_email=] the accounts and their state
 *   DELETE /v1/auth/llmux/:provider?user_email=          remove an account's tokens
 * Everything but the GET callback needs the management key. Errors use the OpenAI error shape.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AccountSummary } from '../../../../shared/domain.js';
import { parseRedirectInput } from '../../auth/parse-redirect-input.js';
import { callbackPage } from '../../auth/loopback-callback-server.js';
import { BadRequestError, SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProviderAuth } from '../../providers/provider-auth.js';
import type { Provider } from '../../providers/provider.js';

export interface AuthRoutesOptions {
  providers: () => readonly Provider[];
  /** The management-key guard (server/middleware/management-auth.ts). */
  managementAuth: RequestHandler;
}

interface LoginProvider {
  provider: Provider;
  auth: ProviderAuth;
}

const base = '/v1/auth/llmux/:provider';

function findLoginProvider(options: AuthRoutesOptions, id: string): LoginProvider {
  const providers = options.providers().filter((provider) => provider.auth);
  const provider = providers.find((candidate) => candidate.id === id);
  if (!provider?.auth) {
    const known = providers.map((candidate) => candidate.id).join(', ') || 'none';
    throw new SwitchyardError('not_found', 404, `No provider "${id}" connects accounts here (known: ${known}).`);
  }
  return { provider, auth: provider.auth };
}

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

function findAccount(provider: Provider, email: string): AccountSummary {
  const wanted = email.toLowerCase();
  const account = provider.listAccounts().find((candidate) => accountEmail(candidate).toLowerCase() === wanted);
  if (!account) throw new SwitchyardError('not_found', 404, `No ${provider.displayName} account "${email}" is connected.`, { param: 'user_email' });
  return account;
}

function sendConnected(request: Request, response: Response, provider: Provider, account: AccountSummary): void {
  if (request.accepts(['json', 'html']) === 'html') {
    response.type('html').send(callbackPage(`${provider.displayName} account connected`, `${accountEmail(account)} is connected. You can close this tab.`));
    return;
  }
  response.json({ connected: true, account: accountStatusView(account) });
}

/** Finish a login from parsed redirect input; an `error` redirect ends the login with the provider's message. */
async function complete(target: LoginProvider, input: unknown): Promise<AccountSummary> {
  const parsed = parseRedirectInput(input);
  if (parsed.kind === 'error') {
    const message = `${target.provider.displayName} refused the login: ${parsed.error}${parsed.description ? ` (${parsed.description})` : ''}.`;
    if (parsed.state) target.auth.cancelLogin(parsed.state, message);
    throw new BadRequestError(message, 'error', 'auth_required');
  }
  return target.auth.completeLogin({ code: parsed.code, state: parsed.state });
}

export function authRoutes(options: AuthRoutesOptions): Router {
  const router = Router();
  const guard = options.managementAuth;
  const jsonBody = express.json({ limit: '64kb', type: () => true });

  router.get(`${base}/login`, guard, async (request, response) => {
    const target = findLoginProvider(options, String(request.params.provider));
    const login = await target.auth.startLogin();
    const callback = `/v1/auth/llmux/${target.provider.id}/callback`;
    response.json({
      ...login,
      manualCompletion: `If the browser cannot reach ${login.redirectUri}, copy the address it ended on and POST {"url": "<that address>"} (or {"code": "<code>#<state>"}) to ${callback} with the management key.`,
    });
  });

  router.get(`${base}/callback`, async (request, response) => {
    const target = findLoginProvider(options, String(request.params.provider));
    const account = await complete(target, {
      code: queryText(request, 'code'),
      state: queryText(request, 'state'),
      error: queryText(request, 'error'),
      error_description: queryText(request, 'error_description'),
    });
    sendConnected(request, response, target.provider, account);
  });

  router.post(`${base}/callback`, guard, jsonBody, async (request, response) => {
    const target = findLoginProvider(options, String(request.params.provider));
    const account = await complete(target, request.body);
    response.json({ connected: true, account: accountStatusView(account) });
  });

  router.get(`${base}/status`, guard, (request, response) => {
    const target = findLoginProvider(options, String(request.params.provider));
    const email = queryText(request, 'user_email');
    const accounts = email ? [findAccount(target.provider, email)] : target.provider.listAccounts();
    response.json({ provider: target.provider.id, accounts: accounts.map(accountStatusView) });
  });

  router.delete(base, guard, async (request, response) => {
    const target = findLoginProvider(options, String(request.params.provider));
    const email = queryText(request, 'user_email');
    if (!email) throw new BadRequestError('Name the account to remove: ?user_email=<email>.', 'user_email');
    const account = findAccount(target.provider, email);
    const result = await target.auth.removeAccount(account.id);
    response.json({ provider: target.provider.id, email: accountEmail(account), ...result });
  });

  return router;
}
