// electron-builder afterPack hook: flip the fuses (scripts/fuse-config.js) on the packed Electron
// binary, before electron-builder signs it. electron-builder knows where the binary is on each platform.
import builderUtil from 'builder-util';
import { fuseConfig } from './fuse-config.js';

export default async function afterPack(context) {
  await context.packager.addElectronFuses(context, fuseConfig(context.electronPlatformName, builderUtil.Arch[context.arch]));
}
