/**
 * `switchyard dashboard`: print the dashboard's one-time link, `http://127.0.0.1:PORT/#key=<management key>`,
 * and try to open it in the default browser. The key travels in the fragment, which browsers never send
 * to a server; the page stores it for the tab and removes it from the address bar at once.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { cliHome, managementKey, serverUrl } from './cli-context.js';
import { readPidFile } from './pid-file.js';

export function dashboardLink(url: string, key: string): string {
  return `${url.replace(/\/+$/, '')}/#key=${encodeURIComponent(key)}`;
}

/** The platform's "open this URL" command. */
export function browserOpener(platform: NodeJS.Platform, link: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [link] };
  // `start` treats its first quoted argument as a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', link] };
  return { command: 'xdg-open', args: [link] };
}

function tryOpen(link: string): void {
  const { command, args } = browserOpener(process.platform, link);
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => process.stderr.write('Could not open a browser here: open the address above yourself.\n'));
  child.unref();
}

export async function dashboardCommand(options: { open?: boolean } = {}): Promise<void> {
  const home = cliHome();
  const link = dashboardLink(serverUrl(home), await managementKey(home));
  if (!readPidFile(home)) process.stderr.write('Switchyard does not seem to be running: start it with `switchyard start` (or `switchyard serve`), then open:\n');
  process.stdout.write(`${link}\n`);
  process.stderr.write('This link carries the management key: do not share it.\n');
  if (options.open !== false) tryOpen(link);
}

export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description('print (and open) a link to the web dashboard that signs it in with the management key')
    .option('--no-open', 'only print the link')
    .action((options: { open?: boolean }) => dashboardCommand(options));
}
