/** `switchyard stop`: ask the background gateway to stop (SIGTERM: it flushes usage and logs), and wait for it. */
import type { Command } from 'commander';
import { cliHome } from './cli-context.js';
import { isProcessAlive, pidFilePath, readPidFile } from './pid-file.js';
import { rmSync } from 'node:fs';

const stopTimeoutMs = 15_000;

/** Stops the server of this data directory; undefined when none was running. */
export async function stopServer(): Promise<{ pid: number; url: string } | undefined> {
  const home = cliHome();
  const running = readPidFile(home);
  if (!running) return undefined;
  process.kill(running.pid, 'SIGTERM');
  const deadline = Date.now() + stopTimeoutMs;
  while (isProcessAlive(running.pid)) {
    if (Date.now() > deadline) {
      process.kill(running.pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  rmSync(pidFilePath(home), { force: true });
  return { pid: running.pid, url: running.url };
}

export function registerStopCommand(program: Command): void {
  program
    .command('stop')
    .description('stop the gateway started with `switchyard start`')
    .action(async () => {
      const stopped = await stopServer();
      process.stdout.write(stopped ? `Switchyard stopped (pid ${stopped.pid}).\n` : 'Switchyard is not running.\n');
    });
}
