/** `npm start` where Electron cannot run (no binary here): one line, then the headless gateway. */
import { afterEach, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess | undefined;
let home: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (home) rmSync(home, { recursive: true, force: true });
});


it('prints the headless notice and serves the gateway', async () => {
  const port = await freePort();
  home = mkdtempSync(join(tmpdir(), 'switchyard-npm-start-'));
  child = spawn(process.execPath, [join(root, 'scripts/start.js')], {
    cwd: root,
    env: { ...process.env, SWITCHYARD_HOME: home, SWITCHYARD_PORT: String(port), SWITCHYARD_KEYRING: 'off', DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes('listening on') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(output.split('\n')[0]).toBe(`Electron is not available here; running headless on http://127.0.0.1:${port}`);
  expect(output).toContain(`listening on http://127.0.0.1:${port}`);
  const status = await new Promise<number>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/v1/health' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
  expect(status).toBe(200);
});
