/** `switchyard restart`: stop the background gateway if it runs, then start it again. */
import type { Command } from 'commander';
import { startServer } from './start-command.js';
import { stopServer } from './stop-command.js';

export function registerRestartCommand(program: Command): void {
  program
    .command('restart')
    .description('stop the background gateway (if running) and start it again')
    .option('-p, --port <port>', 'port to listen on (default: the port setting, 8317)')
    .action(async (options: { port?: string }) => {
      const stopped = await stopServer();
      if (stopped) process.stdout.write(`Switchyard stopped (pid ${stopped.pid}).\n`);
      // Without --port, come back on the port it was running on.
      const port = options.port ?? (stopped ? new URL(stopped.url).port || undefined : undefined);
      const { pid, url } = await startServer({ port });
      process.stdout.write(`Switchyard started (pid ${pid}) on ${url}\n`);
    });
}
