/**
 * Issue 9 end to end: the built dashboard, served by the real headless server, in the Debian Chromium.
 * Enter the key (a wrong one is refused), connect a Claude account through the fake OAuth, add an
 * OpenAI-compatible upstream, send requests with the SDKs and watch the logs and the usage chart change,
 * copy a snippet, get a setting refused by name, disconnect; screenshots of every view at 1280 and
 * 420 px go to test-results/; and the CSP holds throughout.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Page } from 'playwright-core';
import { request } from 'undici';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { startClaudeGateway, type ClaudeGateway } from '../helpers/claude-gateway.js';
import { buildDashboard, eventually, launchChromium, repositoryRoot, screenshot, widths, type BrowserSession } from './dashboard-browser.js';

const upstreamKey = 'sk-local-e2e-0123456789abcdefghij';
const expectedCsp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const views = [
  { id: 'providers', heading: 'Providers' },
  { id: 'health', heading: 'Health' },
  { id: 'logs', heading: 'Live logs' },
  { id: 'usage', heading: 'Usage' },
  { id: 'tools', heading: 'Connect your tools' },
  { id: 'settings', heading: 'Settings' },
] as const;

let setup: ClaudeGateway;
let local: FakeOpenAiCompatible;
let browser: BrowserSession;
let buildDirectory: string;
let page: Page;
let anthropic: Anthropic;
const screenshots: string[] = [];

beforeAll(async () => {
  buildDirectory = await buildDashboard();
  local = await startFakeOpenAiCompatible({ apiKey: upstreamKey });
  setup = await startClaudeGateway();
  setup.gateway.switchyard.dashboardDirectory = buildDirectory;
  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: setup.gateway.url });
  page = await browser.context.newPage();
  anthropic = new Anthropic({ baseURL: setup.gateway.url, apiKey: setup.gateway.clientKey, maxRetries: 0 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await setup?.close();
  await local?.close();
  if (buildDirectory) rmSync(buildDirectory, { recursive: true, force: true });
});

async function openView(id: string, heading: string): Promise<void> {
  await page.locator(`nav button[data-view="${id}"]`).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

async function totalRequests(): Promise<number> {
  const text = await page.locator('[data-total="Requests"] dd').textContent({ timeout: 1_000 });
  return Number((text ?? '').replace(/\D/g, ''));
}

describe('the dashboard in Chromium', () => {
  it('is served at / under the strict CSP, with nothing inline', async () => {
    const reply = await request(`${setup.gateway.url}/`);
    const html = await reply.body.text();
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/html');
    expect(reply.headers['content-security-policy']).toBe(expectedCsp);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\sstyle=|<style/i);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await request(`${setup.gateway.url}/${script}`);
    await asset.body.dump();
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    const built = readFileSync(join(buildDirectory, 'index.html'), 'utf8');
    expect(built).toBe(html);
  });

  it('refuses a wrong management key and opens with the right one', async () => {
    await page.goto(`${setup.gateway.url}/`);
    const keyField = page.getByLabel('Management key');
    await keyField.waitFor();
    for (const size of widths) {
      await page.setViewportSize(size);
      screenshots.push(await screenshot(page, `key-prompt-${size.name}`));
    }
    await page.setViewportSize(widths[0]);
    await keyField.fill('sy-not-the-management-key');
    await page.getByRole('button', { name: 'Open the dashboard' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    await keyField.fill(setup.gateway.managementKey);
    await page.getByRole('button', { name: 'Open the dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    // Kept for the tab: a reload does not ask again.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
  });

  it('takes the key from a one-time link and removes it from the address bar', async () => {
    const linked = await browser.context.newPage();
    await linked.goto(`${setup.gateway.url}/#key=${encodeURIComponent(setup.gateway.managementKey)}`);
    await linked.getByRole('heading', { level: 1, name: 'Providers' }).waitFor();
    expect(linked.url()).toBe(`${setup.gateway.url}/`);
    expect(await linked.evaluate(() => window.sessionStorage.getItem('switchyard.managementKey'))).toBe(setup.gateway.managementKey);
    await linked.close();
  });

  it('connects a Claude account through the fake OAuth and the card turns green', async () => {
    const card = page.locator('[data-provider="claude"]');
    expect(await card.getAttribute('data-state')).toBe('idle');
    await page.getByRole('button', { name: 'Connect a Claude Pro/Max account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Claude Pro/Max' });
    await dialog.getByText("Anthropic's terms").waitFor();
    const signIn = dialog.getByRole('link', { name: 'Open the sign-in page' });
    const url = await signIn.getAttribute('href');
    expect(url).toContain(setup.oauth.authorizeUrl);
    for (const size of widths) {
      await page.setViewportSize(size);
      screenshots.push(await screenshot(page, `connect-dialog-${size.name}`));
    }
    await page.setViewportSize(widths[0]);
    // The user's browser: the fake authorize page redirects to Switchyard's loopback listener.
    const browserTab = await browser.context.newPage();
    await browserTab.goto(String(url));
    await browserTab.getByText('connected', { exact: false }).first().waitFor();
    await browserTab.close();
    await dialog.getByText('Connected user@example.com (max)').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await card.locator('[data-account="claude:user@example.com"]').waitFor();
    await eventually('the Claude card to turn green', async () => (await card.getAttribute('data-state')) === 'ok');
    expect(await card.locator('.card-header .status-light').getAttribute('data-state')).toBe('ok');
    expect(await card.textContent()).toContain('max');
  });

  it('adds an OpenAI-compatible upstream after testing its URL', async () => {
    await page.getByRole('button', { name: 'Add upstream' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an OpenAI-compatible upstream' });
    await dialog.getByLabel('Name').fill('local');
    await dialog.getByLabel('Base URL').fill(`${local.url}/v1`);
    await dialog.getByLabel('API key').fill(upstreamKey);
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByText('It answered with 2 models: fake-gpt-4o, fake-gpt-4o-mini.').waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-provider="openai-compatible"] [data-account="openai-compatible:local"]').waitFor();
    expect(await page.content()).not.toContain(upstreamKey);
  });

  it('shows requests arriving live in the logs and in the usage chart', async () => {
    await openView('usage', 'Usage');
    await page.getByText('No requests in this period').waitFor();
    await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Stream' }] });
    for await (const event of stream) void event;
    await eventually('two requests in the totals', async () => (await totalRequests()) === 2);
    const chart = page.locator('figure.usage-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    const before = await chart.getAttribute('aria-label');
    expect(before).toContain('2 requests');

    const openai = new OpenAI({ baseURL: `${setup.gateway.url}/v1`, apiKey: setup.gateway.clientKey, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
    await eventually('the chart to change', async () => (await chart.getAttribute('aria-label')) !== before && (await totalRequests()) === 3);
    await page.getByLabel('Group by').selectOption('model');
    await page.getByRole('rowheader', { name: 'local/fake-gpt-4o' }).waitFor();

    await openView('logs', 'Live logs');
    const requestLines = page.locator('.log-line', { hasText: 'request' });
    await eventually('three request lines', async () => (await requestLines.count()) >= 3);
    const seen = await requestLines.count();
    await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Live?' }] });
    await eventually('a new line while watching', async () => (await requestLines.count()) > seen);
    await page.getByLabel('Provider').selectOption('openai-compatible');
    await eventually('only the local request', async () => (await requestLines.count()) === 1);
    await requestLines.first().getByRole('button').click();
    await page.locator('.log-detail').getByText('local/fake-gpt-4o').first().waitFor();
    await page.getByLabel('Provider').selectOption('');
    const content = await page.content();
    expect(content).not.toContain(setup.gateway.clientKey);
    expect(content).not.toContain(setup.gateway.managementKey);
    const stored = setup.gateway.switchyard.vault.getAccount('claude:user@example.com');
    expect(content).not.toContain(stored?.credentials.accessToken);
  });

  it('copies a tool snippet with the endpoint and the real client key', async () => {
    await openView('tools', 'Connect your tools');
    const snippet = page.locator('[data-tool="claude-code"] pre');
    expect(await snippet.textContent()).toContain(`ANTHROPIC_BASE_URL=${setup.gateway.url}`);
    expect(await snippet.textContent()).not.toContain(setup.gateway.clientKey);
    await page.getByRole('button', { name: 'Copy the Claude Code snippet' }).click();
    await page.getByRole('button', { name: 'Copy the Claude Code snippet' }).filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`ANTHROPIC_AUTH_TOKEN=${setup.gateway.clientKey}`);
  });

  it('refuses an invalid setting and names the field', async () => {
    await openView('settings', 'Settings');
    await page.getByLabel('Port').fill('eighty');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Port: enter a whole number from 1 to 65535.' }).waitFor();
    await page.getByLabel('Port').fill(String(setup.gateway.switchyard.settings.get().port));
    await page.getByLabel('Fallback chains').fill('claude-sonnet-4-6 = local/fake-gpt-4o');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    expect(setup.gateway.switchyard.settings.get().fallbacks).toEqual({ 'claude-sonnet-4-6': ['local/fake-gpt-4o'] });
  });

  it('renders every view at 1280 and 420 px wide', async () => {
    for (const size of widths) {
      await page.setViewportSize(size);
      for (const view of views) {
        await openView(view.id, view.heading);
        if (view.id === 'health') await page.locator('.checks-table tbody tr').first().waitFor();
        if (view.id === 'usage') await page.locator('figure.usage-chart .recharts-bar-rectangle').first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${view.id} at ${size.name} px scrolls sideways`).toBeLessThanOrEqual(0);
        screenshots.push(await screenshot(page, `${view.id}-${size.name}`));
      }
    }
    await page.setViewportSize(widths[0]);
  });

  it('disconnects the account after a confirmation', async () => {
    await openView('providers', 'Providers');
    const account = page.locator('[data-account="claude:user@example.com"]');
    await account.getByRole('button', { name: 'Disconnect' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect user@example.com?' });
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await account.waitFor({ state: 'detached' });
    await page.getByText('Disconnected user@example.com.').waitFor();
    await eventually('the Claude card to go idle', async () => (await page.locator('[data-provider="claude"]').getAttribute('data-state')) === 'idle');
    expect(setup.gateway.switchyard.vault.getAccount('claude:user@example.com')).toBeUndefined();
  });

  it('kept the CSP: no violation and no page error during the run', () => {
    expect(browser.problems).toEqual([]);
    const files = readdirSync(join(repositoryRoot, 'test-results')).filter((file) => file.startsWith('dashboard-'));
    for (const path of screenshots) expect(files).toContain(path.split('/').at(-1));
  });
});
