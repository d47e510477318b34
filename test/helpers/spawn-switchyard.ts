/** Runs `bin/switchyard.js <args>` as a child process, the way a user would, in a given SWITCHYARD_HOME. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const switchyardBin = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cliEnvironment(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_HOME: home, SWITCHYARD_KEYRING: 'off', ...extra };
  // The test runner's own settings must not leak into the child.
  for (const name of Object.keys(environment)) {
    if (name.startsWith('SWITCHYARD_') && !(name in extra) && name !== 'SWITCHYARD_HOME' && name !== 'SWITCHYARD_KEYRING') delete environment[name];
  }
  return environment;
}

/** Run a CLI command to completion. */
export function runCli(args: string[], environment: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [switchyardBin, ...args], { env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Resolves with the URL a `serve` child prints once it listens; rejects with its output if it exits first. */
export function waitForListening(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        // `serve` prints a line per request: keep draining so the child never blocks on a full pipe.
        child.stdout?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before listening:\n${output}`)));
  });
}

/** Start `switchyard serve --port 0` and resolve with its URL once it listens. */
export async function serveInChild(environment: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [switchyardBin, 'serve', '--port', '0'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: await waitForListening(child, 'switchyard serve'), exited };
}
