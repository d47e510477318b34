// The Electron fuses the packaged app ships with (Electron's security checklist), in one place:
// scripts/after-pack.js applies them and test/electron/packaging.test.ts checks them.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** By fuse name: false turns a capability off, true turns a protection on. */
export const fuseSettings = {
  // No `ELECTRON_RUN_AS_NODE=1 Switchyard` running arbitrary code as our signed binary.
  RunAsNode: false,
  // No --inspect / SIGUSR1 debugger in the shipped app.
  EnableNodeCliInspectArguments: false,
  // No NODE_OPTIONS / NODE_EXTRA_CA_CERTS injection.
  EnableNodeOptionsEnvironmentVariable: false,
  // The app.asar must match the hash recorded at build time (macOS, Windows)...
  EnableEmbeddedAsarIntegrityValidation: true,
  // ...and it is the only place code loads from.
  OnlyLoadAppFromAsar: true,
  // We serve the dashboard from our own scheme, never file://.
  GrantFileProtocolExtraPrivileges: false,
};

/** The @electron/fuses config for one packed app (`arch` by name: x64, arm64...). */
export function fuseConfig(platformName, arch) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: platformName === 'darwin' && arch === 'arm64' };
  for (const [name, value] of Object.entries(fuseSettings)) {
    if (!(name in FuseV1Options)) throw new Error(`Unknown Electron fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  return config;
}
