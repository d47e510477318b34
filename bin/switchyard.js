#!/usr/bin/env node
// In a checkout, runs the TypeScript source through tsx, so a build left in dist/ never runs stale code;
// where only the build ships (a package without the sources), runs the built CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = new URL('../electron/cli/switchyard-cli.ts', import.meta.url);
const built = fileURLToPath(new URL('../dist/electron/cli/switchyard-cli.js', import.meta.url));
if (existsSync(fileURLToPath(source)) || !existsSync(built)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(pathToFileURL(built).href);
}
