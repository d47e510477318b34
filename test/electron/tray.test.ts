import { beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeTray, fake, type FakeMenu } from './fake-electron.js';
import type { AccountSummary } from '../../shared/domain.js';
import { EventBus } from '../../electron/core/events/event-bus.js';
import { Redactor } from '../../electron/core/logs/redaction.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { SwitchyardTray, trayIconPath } = await import('../../electron/main/tray.js');
const { buildTrayMenu } = await import('../../electron/main/tray-menu.js');
const { computeTrayStatus, trayStates } = await import('../../electron/main/tray-status.js');
const { ProxyControl, createTrayActions, createTrayStatusSource } = await import('../../electron/main/tray-wiring.js');

const resources = fileURLToPath(new URL('../../resources/', import.meta.url));
beforeEach(() => fake.reset());

function account(id: string, status: AccountSummary['status'] = 'ok'): AccountSummary {
  return { id, providerId: 'claude', label: id, status, disabled: false };
}

describe('tray status', () => {
  const base = { endpoint: '127.0.0.1:8317', listening: true, paused: false, accounts: [account('a'), account('b')], warnings: [] };
  it.each([
    ['ok', base, 'Proxy on 127.0.0.1:8317 · 2 accounts connected'],
    ['warning', { ...base, accounts: [account('a'), account('b', 'needs-relogin')] }, 'Proxy on 127.0.0.1:8317 · 2 accounts connected · 1 needs re-login'],
    ['error', { ...base, accounts: [account('a', 'needs-relogin')] }, 'Proxy on 127.0.0.1:8317 · 1 account connected · 1 needs re-login'],
    ['warning', { ...base, warnings: ['secrets are not protected by the OS on this machine'] }, 'Proxy on 127.0.0.1:8317 · 2 accounts connected'],
    ['error', { ...base, health: 'error' as const }, 'Proxy on 127.0.0.1:8317 · 2 accounts connected'],
    ['idle', { ...base, accounts: [] }, 'Proxy on 127.0.0.1:8317 · no accounts connected'],
    ['idle', { ...base, paused: true }, 'Proxy paused'],
    ['idle', { ...base, listening: false }, 'Proxy not running'],
  ])('is %s for %j', (state, input, line) => {
    expect(computeTrayStatus(input)).toMatchObject({ state, line });
  });
});

describe('tray menu', () => {
  it('calls the right operation for each item', () => {
    const actions = {
      copyEndpoint: vi.fn(),
      copyClientKey: vi.fn(),
      connect: vi.fn(),
      openDashboard: vi.fn(),
      setupTool: vi.fn(),
      restoreTool: vi.fn(),
      setPaused: vi.fn(),
      setStartAtLogin: vi.fn(),
      quit: vi.fn(),
    };
    const view = {
      statusLine: 'Proxy on 127.0.0.1:8317 · 1 account connected',
      paused: false,
      startAtLogin: false,
      providers: [{ id: 'claude', name: 'Claude' }, { id: 'chatgpt', name: 'ChatGPT' }],
      tools: [{ id: 'codex', name: 'Codex CLI', hasBackup: false }],
    };
    const menu = fake.Menu.buildFromTemplate(buildTrayMenu(view, actions, vi.fn()) as never);
    expect(menu.labels()).toEqual([view.statusLine, '---', 'Copy endpoint', 'Copy client key', 'Connect', 'Set up tools', 'Open dashboard', '---', 'Pause proxy', 'Start at login', '---', 'Quit']);
    expect(menu.find(view.statusLine)?.enabled).toBe(false);
    const click = (...labels: string[]) => menu.find(...labels)?.click?.({});
    click('Copy endpoint');
    click('Copy client key');
    click('Connect', 'ChatGPT');
    click('Set up tools', 'Codex CLI', 'Set up…');
    click('Open dashboard');
    click('Pause proxy');
    click('Start at login');
    click('Quit');
    expect(actions.copyEndpoint).toHaveBeenCalledOnce();
    expect(actions.copyClientKey).toHaveBeenCalledOnce();
    expect(actions.connect).toHaveBeenCalledWith('chatgpt');
    expect(actions.setupTool).toHaveBeenCalledWith('codex');
    expect(menu.find('Set up tools', 'Codex CLI', 'Restore previous config')?.enabled).toBe(false);
    expect(actions.openDashboard).toHaveBeenCalledOnce();
    expect(actions.setPaused).toHaveBeenCalledWith(true);
    expect(menu.find('Start at login')).toMatchObject({ type: 'checkbox', checked: false });
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(actions.quit).toHaveBeenCalledOnce();
    const paused = fake.Menu.buildFromTemplate(buildTrayMenu({ ...view, paused: true }, actions, vi.fn()) as never);
    paused.find('Resume proxy')?.click?.({});
    expect(actions.setPaused).toHaveBeenLastCalledWith(false);
  });

  it('reports a failing action instead of throwing from the click', async () => {
    const onError = vi.fn();
    const failing = vi.fn(async () => {
      throw new Error('port in use');
    });
    const menu = fake.Menu.buildFromTemplate(
      buildTrayMenu({ statusLine: 's', paused: true, startAtLogin: false, providers: [], tools: [] }, { setPaused: failing } as never, onError) as never,
    );
    menu.find('Resume proxy')?.click?.({});
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(new Error('port in use')));
  });
});

describe('the tray over the core', () => {
  function setup() {
    const accounts: AccountSummary[] = [account('claude:a@example.com')];
    const bus = new EventBus({ redactor: new Redactor() });
    const core = {
      providers: [
        { id: 'claude', displayName: 'Claude', auth: {}, listAccounts: () => accounts },
        { id: 'openai-compatible', displayName: 'OpenAI-compatible', listAccounts: () => [] },
      ],
      settings: { get: () => ({ port: 8317 }) },
      keys: { clientKey: 'sy-client-key' },
      vault: { cipher: { warning: undefined } },
      port: 8317,
      isListening: true,
      pauseListening: vi.fn(async () => {
        core.isListening = false;
      }),
      resumeListening: vi.fn(async () => {
        core.isListening = true;
      }),
      operations: { bus },
    };
    let enabled = false;
    const launchAtLogin = { isEnabled: () => enabled, setEnabled: vi.fn((value: boolean) => (enabled = value)) };
    const control = new ProxyControl(core);
    const openDashboard = vi.fn();
    const connect = vi.fn(async () => undefined);
    const holder: { tray?: InstanceType<typeof SwitchyardTray> } = {};
    const tray = new SwitchyardTray({
      iconsDirectory: resources,
      platform: 'linux',
      source: createTrayStatusSource({ core, control, launchAtLogin, home: '/nonexistent-home' }),
      actions: createTrayActions({
        core,
        control,
        launchAtLogin,
        openDashboard,
        connect,
        setupTool: async () => undefined,
        restoreTool: async () => undefined,
        refresh: () => holder.tray?.refresh(),
        quit: fake.app.quit,
      }),
      onError: (error) => {
        throw error;
      },
    });
    holder.tray = tray;
    const fakeTray = FakeTray.instances[0];
    const menu = () => fakeTray.menu as FakeMenu;
    return { accounts, bus, core, tray, fakeTray, menu, openDashboard, connect, launchAtLogin };
  }

  it('follows account and health events: icon state and status line', () => {
    const { accounts, bus, fakeTray, menu } = setup();
    expect(fakeTray.images.at(-1)).toBe(trayIconPath(resources, 'ok', 'linux'));
    expect(menu().items[0].label).toBe('Proxy on 127.0.0.1:8317 · 1 account connected');

    accounts[0] = { ...accounts[0], status: 'needs-relogin' };
    bus.publish('account-status', { change: 'updated', account: accounts[0], previousStatus: 'ok' });
    expect(fakeTray.images.at(-1)).toBe(trayIconPath(resources, 'error', 'linux'));
    expect(menu().items[0].label).toBe('Proxy on 127.0.0.1:8317 · 1 account connected · 1 needs re-login');

    accounts[0] = { ...accounts[0], status: 'ok' };
    accounts.push(account('claude:b@example.com'));
    bus.publish('account-status', { change: 'added', account: accounts[1] });
    expect(fakeTray.images.at(-1)).toBe(trayIconPath(resources, 'ok', 'linux'));
    bus.publish('health', { status: 'warn', reasons: ['Secrets are not protected by the OS on this machine.'] });
    expect(fakeTray.images.at(-1)).toBe(trayIconPath(resources, 'warning', 'linux'));
    expect(fakeTray.toolTips.at(-1)).toContain('Secrets are not protected by the OS');
    // Log lines do not rebuild the menu.
    const menus = fakeTray.menu;
    bus.publish('log', { seq: 1, time: 1, level: 'info', message: 'hello' } as never);
    expect(fakeTray.menu).toBe(menus);
  });

  it('copies the endpoint and the key, connects, opens the dashboard, pauses and toggles start at login', async () => {
    const { menu, core, fakeTray, openDashboard, connect, launchAtLogin } = setup();
    menu().find('Copy endpoint')?.click?.({});
    menu().find('Copy client key')?.click?.({});
    expect(fake.clipboard.written).toEqual(['http://127.0.0.1:8317', 'sy-client-key']);
    expect(menu().find('Connect')?.submenu?.map((item) => item.label)).toEqual(['Claude']);
    menu().find('Connect', 'Claude')?.click?.({});
    expect(connect).toHaveBeenCalledWith('claude');
    menu().find('Open dashboard')?.click?.({});
    fakeTray.emit('click');
    expect(openDashboard).toHaveBeenCalledTimes(2);

    menu().find('Pause proxy')?.click?.({});
    await vi.waitFor(() => expect(menu().items[0].label).toBe('Proxy paused'));
    expect(core.pauseListening).toHaveBeenCalledOnce();
    expect(fakeTray.images.at(-1)).toBe(trayIconPath(resources, 'idle', 'linux'));
    menu().find('Resume proxy')?.click?.({});
    await vi.waitFor(() => expect(menu().find('Pause proxy')).toBeDefined());
    expect(core.resumeListening).toHaveBeenCalledOnce();

    menu().find('Start at login')?.click?.({});
    expect(launchAtLogin.setEnabled).toHaveBeenCalledWith(true);
    expect(menu().find('Start at login')?.checked).toBe(true);
  });

  it('uses template images on macOS', () => {
    expect(trayIconPath(resources, 'warning', 'darwin')).toBe(`${resources}tray-warningTemplate.png`);
  });
});

describe('icons', () => {
  it.each(trayStates)('exist for %s at 1x and 2x, in colour and as macOS templates', (state) => {
    for (const name of [`tray-${state}.png`, `tray-${state}@2x.png`, `tray-${state}Template.png`, `tray-${state}Template@2x.png`]) {
      const png = readFileSync(`${resources}${name}`);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(name.includes('@2x') ? 32 : 16);
    }
  });

  it('include a 512 px app icon', () => {
    expect(existsSync(`${resources}icon.png`)).toBe(true);
    expect(readFileSync(`${resources}icon.png`).readUInt32BE(16)).toBe(512);
  });
});
