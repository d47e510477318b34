// `npm start`: the desktop app where Electron can run; otherwise one line, then the headless gateway.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function canStartElectron(binary) {
  if (!binary) return false;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return probe.status === 0;
}

const binary = electronBinary();
const mainEntry = `${root}/dist/electron/main/index.js`;
if (canStartElectron(binary) && existsSync(`${root}/electron/main/index.ts`)) {
  const build = spawnSync('npm', ['run', 'build:app'], { cwd: root, stdio: 'inherit' });
  if (build.status === 0 && existsSync(mainEntry)) {
    const child = spawn(binary, [root], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
  } else {
    runHeadless();
  }
} else {
  runHeadless();
}

function runHeadless() {
  const port = process.env.SWITCHYARD_PORT || '8317';
  process.stdout.write(`Electron is not available here; running headless on http://127.0.0.1:${port}\n`);
  const child = spawn(process.execPath, [`${root}/bin/switchyard.js`, 'serve'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
