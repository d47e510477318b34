/** The commands that run the background gateway or talk to it over the management API. */
import type { Command } from 'commander';
import { registerAccountsCommand } from './accounts-command.js';
import { registerLoginCommand } from './login-command.js';
import { registerLogsCommand } from './logs-command.js';
import { registerRestartCommand } from './restart-command.js';
import { registerStartCommand } from './start-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerStopCommand } from './stop-command.js';
import { registerUsageCommand } from './usage-command.js';

export function registerManagementCommands(program: Command): void {
  registerStartCommand(program);
  registerStopCommand(program);
  registerRestartCommand(program);
  registerStatusCommand(program);
  registerLogsCommand(program);
  registerUsageCommand(program);
  registerLoginCommand(program);
  registerAccountsCommand(program);
}
