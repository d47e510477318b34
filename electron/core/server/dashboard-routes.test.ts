import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardContentSecurityPolicy, dashboardRoutes } from './dashboard-routes.js';

let directory: string;
let built = true;
let server: Server;
let url: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-'));
  mkdirSync(join(directory, 'assets'));
  writeFileSync(join(directory, 'index.html'), '<!doctype html><script type="module" src="./assets/app-1234.js"></script>');
  writeFileSync(join(directory, 'assets', 'app-1234.js'), 'console.log(1)');
  const app = express();
  app.use(dashboardRoutes({ directory: () => (built ? directory : undefined) }));
  app.use((_request, response) => {
    response.status(404).json({ error: 'not found' });
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(directory, { recursive: true, force: true });
});

async function get(path: string) {
  const reply = await request(`${url}${path}`);
  return { status: reply.statusCode, headers: reply.headers, text: await reply.body.text() };
}

describe('the dashboard routes', () => {
  it('serve index.html at / under the strict CSP', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('./assets/app-1234.js');
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('serve hashed assets for a long time, and let a missing one fall through to 404', async () => {
    const asset = await get('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['content-security-policy']).toBe(dashboardContentSecurityPolicy);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('keep the JSON probe at / when there is no build', async () => {
    built = false;
    try {
      const probe = await get('/');
      expect(probe.status).toBe(200);
      expect(JSON.parse(probe.text)).toEqual({ name: 'switchyard', status: 'ok' });
      expect(probe.headers['content-security-policy']).toBeUndefined();
      expect((await get('/assets/app-1234.js')).status).toBe(404);
    } finally {
      built = true;
    }
  });
});
