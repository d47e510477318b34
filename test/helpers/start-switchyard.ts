/** Starts a real Switchyard on an ephemeral loopback port, in a temp SWITCHYARD_HOME. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Switchyard, type SwitchyardOptions } from '../../electron/core/switchyard.js';

export interface RunningSwitchyard {
  switchyard: Switchyard;
  url: string;
  port: number;
  home: string;
  clientKey: string;
  managementKey: string;
  stop(): Promise<void>;
}

export function makeTempHome(prefix = 'switchyard-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startSwitchyard(
  environment: Record<string, string> = {},
  home = makeTempHome(),
  options: Pick<SwitchyardOptions, 'providerFactories'> = {},
): Promise<RunningSwitchyard> {
  const switchyard = await Switchyard.create({
    environment: { SWITCHYARD_HOME: home, SWITCHYARD_KEYRING: 'off', SWITCHYARD_LOG_LEVEL: 'debug', ...environment },
    home,
    ...options,
  });
  const { port, url } = await switchyard.start(0);
  return {
    switchyard,
    url,
    port,
    home,
    clientKey: switchyard.keys.clientKey,
    managementKey: switchyard.keys.managementKey,
    async stop() {
      await switchyard.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The `openaiCompatible` setting as its env var, pointing entry `name` at a fake. */
export function openAiCompatibleEnvironment(entries: Array<{ name: string; baseUrl: string; apiKey?: string; models?: string[] }>): Record<string, string> {
  return { SWITCHYARD_OPENAI_COMPATIBLE: JSON.stringify(entries) };
}
