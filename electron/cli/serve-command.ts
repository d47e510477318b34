/** `switchyard serve`: the headless gateway in the foreground, one readable line per request. */
import { appVersion } from '../core/app-version.js';
import { cliHome } from './cli-context.js';
import { readPidFile, removePidFile, writePidFile } from './pid-file.js';

export async function serveCommand(options: { port?: string }): Promise<void> {
  const running = readPidFile(cliHome());
  if (running) throw new Error(`Switchyard is already running (pid ${running.pid}) at ${running.url}.`);
  // Checked before the core is built, so a typo fails fast and leaves nothing half-started.
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new Error(`invalid port "${options.port}"`);
  // Loaded here so that the other commands start without compiling the whole core.
  const { Switchyard } = await import('../core/switchyard.js');
  const switchyard = await Switchyard.create();
  let address;
  try {
    address = await switchyard.start(port);
  } catch (error) {
    await switchyard.stop();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port ?? switchyard.settings.get().port} is already in use (is Switchyard already running?)`);
    throw error;
  }
  // `switchyard start/stop/status` find this server through the pid file.
  writePidFile(switchyard.home, { pid: process.pid, url: address.url, startedAt: Date.now() });
  const out = process.stdout;
  out.write(`Switchyard ${appVersion} listening on ${address.url}\n`);
  out.write(`  data: ${switchyard.home}   client key: run \`switchyard key\`\n`);
  const warning = switchyard.vault.cipher.warning;
  if (warning) out.write(`  warning: ${warning}\n`);
  // Writes to a terminal or a pipe are synchronous: the lines go out in one write per event-loop turn, after the responses.
  let pendingLines = '';
  const flushLines = () => {
    out.write(pendingLines);
    pendingLines = '';
  };
  switchyard.onRequestRecord((record) => {
    const usage = record.usage ? ` in=${record.usage.inputTokens} out=${record.usage.outputTokens}${record.usage.estimated ? '~' : ''}` : '';
    if (!pendingLines) setImmediate(flushLines);
    pendingLines += `${new Date(record.time).toISOString()} ${record.status} ${record.route} ${record.model} -> ${record.providerId ?? '-'} ${Math.round(record.latencyMs)}ms${usage}\n`;
  });
  const shutdown = async () => {
    removePidFile(switchyard.home);
    await switchyard.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
