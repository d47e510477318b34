// `npm run dist`: package the desktop app for this platform (electron-builder.yml). electron-builder
// needs the Electron binary for the platform; where it cannot be downloaded this stops with one line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const version = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const target = `${process.platform}-${process.arch}`;

async function electronZip() {
  // @electron/get (electron's own downloader) answers from its cache, else downloads.
  const { downloadArtifact } = require('@electron/get');
  return downloadArtifact({ version, artifactName: 'electron', platform: process.platform, arch: process.arch });
}

try {
  await electronZip();
} catch (error) {
  const reason = String(error?.message ?? error).split('\n')[0];
  process.stderr.write(`npm run dist: the Electron ${version} binary for ${target} could not be downloaded (${reason}), so nothing was packaged.\n`);
  process.exit(1);
}

for (const [command, args] of [
  ['npm', ['run', 'build:app']],
  [process.execPath, [require.resolve('electron-builder/cli.js'), '--config', 'electron-builder.yml', '--publish', 'never']],
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
