// `npm run build:app`: what the desktop app runs. Main process, core and CLI compiled by tsc into dist/;
// the preload bundled into one CommonJS file (a sandboxed preload cannot import other files); then the
// dashboard (`npm run build:renderer`, vite) into dist-renderer/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    outDir: 'dist/electron/preload',
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    target: 'node20',
    lib: { entry: 'electron/preload/index.ts', formats: ['cjs'], fileName: () => 'index.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});

const scripts = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).scripts ?? {};
if (scripts['build:renderer']) run('npm', ['run', 'build:renderer']);
else process.stdout.write('build:app: no build:renderer script; the dashboard window will say it is not built.\n');
