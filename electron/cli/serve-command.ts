/** `switchyard serve`: the headless gateway in the foreground, one readable line per request. */
import { Switchyard } from '../core/switchyard.js';
import { appVersion } from '../core/app-version.js';

export async function serveCommand(options: { port?: string }): Promise<void> {
  const switchyard = await Switchyard.create();
  const port = options.port === undefined ? undefined : Number(options.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new Error(`invalid port "${options.port}"`);
  let address;
  try {
    address = await switchyard.start(port);
  } catch (error) {
    await switchyard.stop();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port ?? switchyard.settings.get().port} is already in use (is Switchyard already running?)`);
    throw error;
  }
  const out = process.stdout;
  out.write(`Switchyard ${appVersion} listening on ${address.url}\n`);
  out.write(`  data: ${switchyard.home}   client key: run \`switchyard key\`\n`);
  const warning = switchyard.vault.cipher.warning;
  if (warning) out.write(`  warning: ${warning}\n`);
  switchyard.onRequestRecord((record) => {
    const usage = record.usage ? ` in=${record.usage.inputTokens} out=${record.usage.outputTokens}${record.usage.estimated ? '~' : ''}` : '';
    out.write(
      `${new Date(record.time).toISOString()} ${record.status} ${record.route} ${record.model} -> ${record.providerId ?? '-'} ${Math.round(record.latencyMs)}ms${usage}\n`,
    );
  });
  const shutdown = async () => {
    await switchyard.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
