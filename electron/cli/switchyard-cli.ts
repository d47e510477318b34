#!/usr/bin/env node
/** The `switchyard` command. */
import { Command } from 'commander';
import { appVersion } from '../core/app-version.js';
import { serveCommand } from './serve-command.js';
import { registerKeyCommand } from './key-command.js';
import { registerManagementCommands } from './management-commands.js';
import { registerSetupCommand } from './setup-command.js';
import { registerDashboardCommand } from './dashboard-command.js';

const program = new Command();
program
  .name('switchyard')
  .description('Local LLM gateway: one endpoint on 127.0.0.1:8317 for your AI subscriptions and local models.')
  .version(appVersion);

program
  .command('serve')
  .description('run the gateway in the foreground (headless), serving the dashboard on the same port')
  .option('-p, --port <port>', 'port to listen on (default: the port setting, 8317)')
  .action((options: { port?: string }) => serveCommand(options));

registerKeyCommand(program);
registerManagementCommands(program);
registerSetupCommand(program);
registerDashboardCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`switchyard: ${(error as Error).message}\n`);
  process.exit(1);
});
