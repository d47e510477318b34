/**
 * The real contract, end to end without Electron: window.switchyard (the preload's bridge) → the fake
 * ipcRenderer → the fake ipcMain → ipc.ts → the core of a real Switchyard in a temp home, and events
 * from the core's bus back to the bridge.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeBrowserWindow, fake, ipcEventFrom } from './fake-electron.js';
import { contractEvents, contractOperations, eventTypes, operationNames, type ContractEvents, type ContractOperations } from '../../shared/contract.js';
import type { BridgeEvent, SwitchyardBridge } from '../../shared/ipc-bridge.js';
import { errorCodes } from '../../shared/errors.js';
import { createOpenAiCompatibleProvider } from '../../electron/core/providers/openai-compatible/openai-compatible-provider.js';
import { makeTempHome, startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';
import { createFakeLoginProvider, fakeAccessToken, fakeLoginProviderId } from '../helpers/fake-login-provider.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { registerContractHandlers, createEventPublisher } = await import('../../electron/main/ipc.js');
const { WindowRegistry } = await import('../../electron/main/window-registry.js');
const { dashboardEntryUrl } = await import('../../electron/main/dashboard-url.js');
const { buildBridge } = await import('../../electron/preload/expose-contract.js');

let running: RunningSwitchyard;
let bridge: SwitchyardBridge<ContractOperations, ContractEvents>;
const received: BridgeEvent[] = [];

const savedHome = process.env.HOME;
let userHome: string;

beforeAll(async () => {
  // Tool setup writes into the user's home: a temp one here.
  userHome = mkdtempSync(join(tmpdir(), 'switchyard-ipc-home-'));
  process.env.HOME = userHome;
  running = await startSwitchyard({}, makeTempHome(), { providerFactories: [createOpenAiCompatibleProvider, createFakeLoginProvider] });
  const registry = new WindowRegistry();
  const dashboard = new FakeBrowserWindow({});
  registry.add(dashboard.webContents as never, 'dashboard');
  await dashboard.loadURL(dashboardEntryUrl);
  // What this webContents is sent arrives at "its" renderer, the fake ipcRenderer.
  dashboard.webContents.send = (channel, payload) => fake.ipcRenderer.deliver(channel, payload);
  registerContractHandlers({ contract: contractOperations, handlers: running.switchyard.operations.handlers, registry });
  const publisher = createEventPublisher(contractEvents, () => registry.contentsWithRole('dashboard'));
  running.switchyard.operations.bus.subscribe((event) => publisher.publish(event));
  fake.ipcRenderer.route = (channel, args) => fake.ipcMain.invoke(channel, ipcEventFrom(dashboard.webContents), ...args);
  bridge = buildBridge<ContractOperations, ContractEvents>({ operations: operationNames, events: eventTypes });
  for (const type of eventTypes) bridge.subscribe(type, (event) => received.push(event));
});

afterAll(async () => {
  await running?.stop();
  process.env.HOME = savedHome;
  rmSync(userHome, { recursive: true, force: true });
});

const accountId = `${fakeLoginProviderId}:alice@example.com`;

/** A valid input for each operation, in an order that makes each one meaningful. */
function samples(state: () => string): Array<[string, () => unknown]> {
  return [
    ['listProviders', () => ({})],
    ['startLogin', () => ({ providerId: fakeLoginProviderId })],
    ['loginStatus', () => ({ providerId: fakeLoginProviderId, state: state() })],
    ['completeLogin', () => ({ providerId: fakeLoginProviderId, code: 'alice', state: state() })],
    ['cancelLogin', () => ({ providerId: fakeLoginProviderId, state: 'no-such-login' })],
    ['setAccountEnabled', () => ({ accountId, enabled: false })],
    ['resetCooldown', () => ({ accountId })],
    ['refreshQuota', () => ({ accountId })],
    ['removeAccount', () => ({ accountId })],
    ['addOpenAiCompatible', () => ({ entry: { name: 'local', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-local-secret-value' } })],
    ['updateOpenAiCompatible', () => ({ name: 'local', patch: { disabled: true } })],
    ['testOpenAiCompatible', () => ({ baseUrl: 'http://127.0.0.1:9/v1' })],
    ['removeOpenAiCompatible', () => ({ name: 'local' })],
    ['getSettings', () => ({})],
    ['updateSettings', () => ({ patch: { logLevel: 'debug' } })],
    ['queryUsage', () => ({})],
    ['exportUsage', () => ({ format: 'csv' })],
    ['listLogs', () => ({})],
    ['health', () => ({})],
    ['deepHealth', () => ({})],
    ['getClientKey', () => ({ reveal: false })],
    ['rotateClientKey', () => ({})],
    ['listToolSetups', () => ({})],
    ['previewToolSetup', () => ({ tool: 'aider', model: 'local/qwen3' })],
    ['applyToolSetup', () => ({ tool: 'aider', model: 'local/qwen3' })],
    ['restoreToolSetup', () => ({ tool: 'aider' })],
  ];
}

describe('window.switchyard over IPC, with the real contract and core', () => {
  it('exposes exactly the contract', () => {
    expect(Object.keys(bridge.operations).sort()).toEqual([...operationNames].sort());
  });

  it('round-trips every contract operation', async () => {
    let loginState = '';
    const known = samples(() => loginState);
    const ordered = [...known, ...operationNames.filter((name) => !known.some(([known]) => known === name)).map((name): [string, () => unknown] => [name, () => ({})])];
    const replies: string[] = [];
    for (const [name, input] of ordered) {
      const operation = (bridge.operations as Record<string, (input: unknown) => Promise<unknown>>)[name];
      const reply = (await operation(input())) as { ok: boolean; value?: unknown; error?: { code: string } };
      replies.push(JSON.stringify(reply));
      if (name === 'startLogin' && reply.ok) loginState = (reply.value as { state: string }).state;
      if (known.some(([knownName]) => knownName === name)) {
        expect(reply, `${name} failed: ${JSON.stringify(reply)}`).toMatchObject({ ok: true });
      }
      if (reply.ok) expect(contractOperations[name as keyof ContractOperations].output.safeParse(reply.value).success, name).toBe(true);
      else expect(errorCodes, name).toContain(reply.error?.code);
    }
    // The tool setup went through, and its restore removed the file it had created.
    expect(existsSync(join(userHome, '.aider.conf.yml'))).toBe(false);
    expect(replies.find((reply) => reply.includes('.aider.conf.yml') && reply.includes('"restored":true'))).toBeDefined();
    const all = replies.join('\n');
    expect(all).not.toContain(fakeAccessToken('alice'));
    expect(all).not.toContain('sk-local-secret-value');
    expect(all).not.toContain(running.switchyard.keys.clientKey);
  });

  it('delivers the core events to the dashboard, as the contract types them', async () => {
    const deadline = Date.now() + 5_000;
    while (!received.some((event) => event.type === 'login' && (event.data as { phase: string }).phase === 'completed') && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const login = received.find((event) => event.type === 'login' && (event.data as { phase: string }).phase === 'completed');
    expect(login?.data).toMatchObject({ providerId: fakeLoginProviderId, phase: 'completed', account: { id: accountId } });
    expect(received.some((event) => event.type === 'account-status')).toBe(true);
    expect(received.some((event) => event.type === 'log')).toBe(true);
    expect(JSON.stringify(received)).not.toContain(fakeAccessToken('alice'));
  });
});
