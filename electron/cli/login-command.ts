/**
 * `switchyard login <provider>`: start the provider's login, print the URL, and wait (showing progress)
 * until the browser completes it, or until the user pastes the redirect address or `code#state` here
 * (headless machines). Generic over every provider that has a login.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { AccountSummary } from '../../shared/domain.js';
import { connect } from './cli-context.js';
import { printJson } from './cli-format.js';
import { ManagementError, type ManagementClient } from './management-client.js';

async function loginProviders(client: ManagementClient): Promise<string[]> {
  const { providers } = await client.api.listProviders({});
  return providers.filter((provider) => provider.accountSource === 'login').map((provider) => provider.id);
}

/** Lines typed or pasted while waiting: each is tried as a manual completion. */
function pastedLines(onLine: (line: string) => void): () => void {
  if (!process.stdin.isTTY) return () => undefined;
  const reader = createInterface({ input: process.stdin });
  reader.on('line', (line) => {
    if (line.trim()) onLine(line.trim());
  });
  return () => reader.close();
}

export async function loginCommand(providerId: string, options: { json?: boolean }): Promise<void> {
  const client = await connect();
  let start;
  try {
    start = await client.api.startLogin({ providerId });
  } catch (error) {
    if (error instanceof ManagementError && error.shape?.param === 'providerId') {
      throw new Error(`${error.message} Providers with a login: ${(await loginProviders(client)).join(', ') || 'none'}.`);
    }
    throw error;
  }
  const err = process.stderr;
  err.write(`Open this address in a browser to connect your ${providerId} account:\n\n  ${start.url}\n\n${start.termsNotice}\n`);
  if (!start.listening) err.write(`(${start.listenerError ?? 'The local callback listener could not open.'})\n`);
  err.write('When the browser cannot reach this machine, paste the address it ended on (or code#state) here.\n');

  let pasted: Promise<AccountSummary> | undefined;
  const stopReading = pastedLines((line) => {
    const input = /^https?:\/\//i.test(line) ? { url: line } : { code: line, state: start.state };
    pasted = client.api.completeLogin({ providerId, ...input });
    pasted.catch((error: unknown) => err.write(`\n${(error as Error).message}\n`));
  });
  // Ctrl-C abandons the login on the server too, closing its listener.
  const cancel = () => {
    void client.api.cancelLogin({ providerId, state: start.state }).finally(() => process.exit(130));
  };
  process.once('SIGINT', cancel);
  const frames = ['|', '/', '-', '\\'];
  let tick = 0;
  try {
    for (;;) {
      if (start.expiresAt < Date.now()) throw new Error('The login expired before it completed; run `switchyard login` again.');
      const status = await client.api.loginStatus({ providerId, state: start.state, waitMs: 2_000 });
      if (status.phase === 'completed' && status.account) {
        err.write('\r');
        const account = status.account;
        if (options.json) printJson(account);
        else process.stdout.write(`Connected ${account.label}${account.plan ? ` (${account.plan})` : ''} to ${providerId}.\n`);
        return;
      }
      if (status.phase !== 'pending') throw new Error(`The login ${status.phase === 'unknown' ? 'was lost' : status.phase}${status.error ? `: ${status.error}` : '.'}`);
      if (process.stderr.isTTY) err.write(`\rWaiting for the browser ${frames[tick++ % frames.length]} `);
    }
  } finally {
    process.off('SIGINT', cancel);
    stopReading();
  }
}

export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('connect an account: prints the URL to open and waits for the login (e.g. claude, chatgpt)')
    .argument('<provider>', 'provider id, e.g. claude or chatgpt')
    .option('--json', 'print the connected account as JSON')
    .action((providerId: string, options: { json?: boolean }) => loginCommand(providerId, options));
}
