/**
 * The browser side of the dashboard e2e test: the Debian Chromium driven by playwright-core (the flags of
 * the quality handbook, a fresh profile), a watch for CSP violations and page errors, screenshots into
 * test-results/, and a deadline poll (no sleeps).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];
export const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDirectory = resolve(repositoryRoot, 'test-results');

/**
 * The production build (what `npm run build:renderer` makes), into a directory of this run's own, so
 * that test runs side by side never serve each other's half-written files.
 */
export async function buildDashboard(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-build-'));
  const previous = process.env.NODE_ENV;
  // vitest sets NODE_ENV=test; the dashboard is built as users get it.
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve(repositoryRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = previous;
  }
  return outDir;
}

export interface BrowserSession {
  context: BrowserContext;
  /** CSP violations and uncaught page errors seen so far, in words. */
  problems: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `The dashboard e2e test drives the Debian Chromium at ${chromiumPath}, and it is missing. Install it (apt-get install chromium), as CI does; npx playwright install cannot work here.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'switchyard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 800 },
  });
  const problems: string[] = [];
  // Runs in every page before its own scripts (injected by the browser, so the CSP does not apply to it).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' && /content security policy|CSP violation/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const widths = [
  { name: '1280', width: 1280, height: 800 },
  { name: '420', width: 420, height: 800 },
] as const;

/** Full-page screenshot to test-results/dashboard-<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDirectory, { recursive: true });
  const path = join(screenshotDirectory, `dashboard-${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Poll until `check` returns a value (not undefined/false), or fail after the deadline with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 50));
  }
}
