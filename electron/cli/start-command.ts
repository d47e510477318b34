/**
 * `switchyard start`: the gateway in the background. Refuses when one is already running for this data
 * directory; waits until the new one answers (or reports why it did not); its output goes to
 * `logs/serve.out`.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../core/app-version.js';
import { cliHome } from './cli-context.js';
import { isProcessAlive, readPidFile } from './pid-file.js';

const startTimeoutMs = 30_000;

function binPath(): string {
  return packageRoot ? join(packageRoot, 'bin', 'switchyard.js') : process.argv[1];
}

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startServer(options: { port?: string }): Promise<{ pid: number; url: string }> {
  const home = cliHome();
  const running = readPidFile(home);
  if (running) throw new Error(`Switchyard is already running (pid ${running.pid}) at ${running.url}. Use \`switchyard restart\` to restart it.`);
  const logDirectory = join(home, 'logs');
  mkdirSync(logDirectory, { recursive: true, mode: 0o700 });
  const outputPath = join(logDirectory, 'serve.out');
  const output = openSync(outputPath, 'a', 0o600);
  const args = [binPath(), 'serve', ...(options.port !== undefined ? ['--port', options.port] : [])];
  const child = spawn(process.execPath, args, {
    detached: true,
    windowsHide: true,
    stdio: ['ignore', output, output],
    env: { ...process.env, SWITCHYARD_HOME: home },
  });
  closeSync(output);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('Could not start the Switchyard process.');
  const deadline = Date.now() + startTimeoutMs;
  // A CLI waiting on another process: look every 100 ms until it writes its pid file or dies.
  while (Date.now() < deadline) {
    const record = readPidFile(home);
    if (record?.pid === pid) return { pid, url: record.url };
    if (!isProcessAlive(pid) || child.exitCode !== null) {
      throw new Error(`Switchyard did not start:\n${tail(outputPath) || '(no output)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Switchyard did not start within ${startTimeoutMs / 1000} s; see ${outputPath}.`);
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the gateway in the background (pid file in the data directory)')
    .option('-p, --port <port>', 'port to listen on (default: the port setting, 8317)')
    .action(async (options: { port?: string }) => {
      const { pid, url } = await startServer(options);
      process.stdout.write(`Switchyard started (pid ${pid}) on ${url}\n`);
    });
}
