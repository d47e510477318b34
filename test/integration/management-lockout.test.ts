/** Issue 8: five wrong management keys from one address in a minute lock it out, on every management surface. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { operationPath } from '../../shared/contract.js';
import { createOpenAiCompatibleProvider } from '../../electron/core/providers/openai-compatible/openai-compatible-provider.js';
import { createFakeLoginProvider, fakeLoginProviderId } from '../helpers/fake-login-provider.js';
import { startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';

let gateway: RunningSwitchyard;

beforeAll(async () => {
  gateway = await startSwitchyard({}, undefined, { providerFactories: [createOpenAiCompatibleProvider, createFakeLoginProvider] });
});

afterAll(async () => {
  await gateway?.stop();
});

async function health(key: string) {
  const reply = await request(`${gateway.url}${operationPath('health')}`, { method: 'POST', headers: { 'x-management-key': key }, body: '{}' });
  return { status: reply.statusCode, headers: reply.headers, json: (await reply.body.json()) as { error?: { message: string } } };
}

describe('management lockout', () => {
  it('locks the address out for 15 minutes after five failures, even with the right key', async () => {
    expect((await health(gateway.managementKey)).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await health(`sym-guess-${attempt}`)).status).toBe(401);
    // The client key is a failed attempt too.
    expect((await health(gateway.clientKey)).status).toBe(403);
    const locked = await health(gateway.managementKey);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(locked.json.error?.message).toContain('try again in 15 minutes');
  });

  it('applies to the seed auth routes and the events stream as well', async () => {
    const status = await request(`${gateway.url}/v1/auth/llmux/${fakeLoginProviderId}/status`, { headers: { 'x-management-key': gateway.managementKey } });
    expect(status.statusCode).toBe(429);
    await status.body.text();
    const events = await request(`${gateway.url}/v0/management/events`, { headers: { 'x-management-key': gateway.managementKey } });
    expect(events.statusCode).toBe(429);
    await events.body.text();
  });

  it('leaves the client API alone', async () => {
    const models = await request(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${gateway.clientKey}` } });
    expect(models.statusCode).toBe(200);
    await models.body.text();
  });
});
