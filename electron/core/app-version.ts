/** The package version, found by walking up from this file (works from source and from dist/). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(start: string): string | undefined {
  let directory = start;
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  return undefined;
}

const packagePath = findPackageJson(dirname(fileURLToPath(import.meta.url)));
export const appVersion: string = packagePath ? (JSON.parse(readFileSync(packagePath, 'utf8')) as { version: string }).version : '0.0.0';
export const packageRoot: string | undefined = packagePath ? dirname(packagePath) : undefined;
