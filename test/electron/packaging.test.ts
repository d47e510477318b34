import { describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { load } from 'js-yaml';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  afterPack: string;
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}

const builderConfig = load(readFileSync(`${root}electron-builder.yml`, 'utf8')) as BuilderConfig;
const { fuseSettings, fuseConfig } = (await import(`${root}scripts/fuse-config.js`)) as {
  fuseSettings: Record<string, boolean>;
  fuseConfig(platform: string, arch: string): Record<string, unknown>;
};

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      getConfig(projectDir: string, configPath: string, options: null): Promise<unknown>;
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(root, `${root}electron-builder.yml`, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage and deb, nsis and dmg, with the app id and icons', () => {
    expect(builderConfig).toMatchObject({ appId: 'dev.switchyard.app', productName: 'Switchyard' });
    expect(builderConfig.linux.target).toEqual(['AppImage', 'deb']);
    expect(builderConfig.win.target).toEqual(['nsis']);
    expect(builderConfig.mac.target).toEqual(['dmg']);
    for (const platform of [builderConfig.linux, builderConfig.win, builderConfig.mac]) expect(existsSync(`${root}${platform.icon}`)).toBe(true);
  });

  it('packs the built app and the dashboard, and ships the tray icons as resources', () => {
    expect(builderConfig.files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*', 'dist-renderer/**/*']));
    const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(packageJson.main).toBe('dist/electron/main/index.js');
    expect(packageJson.scripts.dist).toBe('node scripts/dist.js');
    expect(packageJson.scripts['build:app']).toBe('node scripts/build-app.js');
    expect(builderConfig.extraResources).toEqual([{ from: 'resources', to: 'resources', filter: ['tray-*.png', 'icon.png'] }]);
  });
});

describe('fuses', () => {
  it('turn RunAsNode and the inspector off, and asar integrity and asar-only loading on', () => {
    expect(fuseSettings).toEqual({
      RunAsNode: false,
      EnableNodeCliInspectArguments: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
    const config = fuseConfig('linux', 'x64');
    expect(config).toMatchObject({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
    expect(fuseConfig('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
  });

  it('are flipped by the afterPack hook the builder config names', async () => {
    expect(builderConfig.afterPack).toBe('scripts/after-pack.js');
    const hook = (await import(`${root}${builderConfig.afterPack}`)) as { default(context: unknown): Promise<void> };
    const addElectronFuses = vi.fn(async () => 0);
    await hook.default({ electronPlatformName: 'linux', arch: 1, appOutDir: '/tmp/out', packager: { addElectronFuses } });
    expect(addElectronFuses).toHaveBeenCalledWith(expect.objectContaining({ appOutDir: '/tmp/out' }), fuseConfig('linux', 'x64'));
  });
});
