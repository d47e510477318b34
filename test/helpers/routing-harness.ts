/**
 * The routing tests' gateway: a `pool/` provider with two accounts (a, b), each on its own strict fake
 * OpenAI-compatible upstream with its own key, a `solo/` provider with one account, and the Anthropic
 * fake behind `up-messages/` (a fallback target of another provider and format). Records every
 * request record, and resets fakes, accounts, cooldowns and routing settings between tests.
 */
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import type { RequestRecord } from '../../electron/core/server/request-record.js';
import { startFakeAnthropic, startFakeOpenAiCompatible, type FakeAnthropic, type FakeOpenAiCompatible } from '../fakes/index.js';
import { ManagementHttp } from '../integration/management-helpers.js';
import { createFormatTestProvider } from './format-test-provider.js';
import { createMultiAccountPool, type MultiAccountPool } from './multi-account-provider.js';
import { makeTempHome, startSwitchyard, type RunningSwitchyard } from './start-switchyard.js';

export const poolModel = 'pool/m';
export const soloModel = 'solo/m';
export const messagesModel = 'up-messages/claude-sonnet-4-5';

/** Every request record, in order, with a way to wait for the next ones. */
export class RecordLog {
  readonly all: RequestRecord[] = [];
  private waiters: Array<() => boolean> = [];

  push(record: RequestRecord): void {
    this.all.push(record);
    this.waiters = this.waiters.filter((waiter) => !waiter());
  }

  last(): RequestRecord {
    const last = this.all.at(-1);
    if (!last) throw new Error('no request record yet');
    return last;
  }

  /** Resolves once `count` records exist in total. */
  waitFor(count: number): Promise<RequestRecord[]> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.all.length < count) return false;
        resolve(this.all.slice());
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  clear(): void {
    this.all.length = 0;
  }
}

export interface RoutingFakes {
  a: FakeOpenAiCompatible;
  b: FakeOpenAiCompatible;
  solo: FakeOpenAiCompatible;
  messages: FakeAnthropic;
}

export interface RoutingHarness {
  readonly gateway: RunningSwitchyard;
  fakes: RoutingFakes;
  pool: MultiAccountPool;
  solo: MultiAccountPool;
  records: RecordLog;
  readonly openai: OpenAI;
  readonly anthropic: Anthropic;
  readonly management: ManagementHttp;
  /** Upstream requests across every fake. */
  upstreamRequests(): number;
  reset(): Promise<void>;
  /** Stop this Switchyard (keeping its home) and start another on the same home and fakes. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const fakeModels = ['m'];

export async function startRoutingHarness(environment: Record<string, string> = {}): Promise<RoutingHarness> {
  const [a, b, solo, messages] = await Promise.all([
    startFakeOpenAiCompatible({ apiKey: 'key-a', models: fakeModels }),
    startFakeOpenAiCompatible({ apiKey: 'key-b', models: fakeModels }),
    startFakeOpenAiCompatible({ apiKey: 'key-solo', models: fakeModels }),
    startFakeAnthropic(),
  ]);
  const fakes: RoutingFakes = { a, b, solo, messages };
  const pool = createMultiAccountPool({
    id: 'pool',
    prefix: 'pool/',
    models: fakeModels,
    accounts: [
      { name: 'a', baseUrl: a.url, apiKey: 'key-a' },
      { name: 'b', baseUrl: b.url, apiKey: 'key-b' },
    ],
  });
  const soloPool = createMultiAccountPool({
    id: 'solo',
    prefix: 'solo/',
    models: fakeModels,
    accounts: [{ name: 'only', baseUrl: solo.url, apiKey: 'key-solo' }],
  });
  const providerFactories = [
    pool.factory,
    soloPool.factory,
    createFormatTestProvider({ format: 'anthropic-messages', prefix: 'up-messages/', baseUrl: messages.url, models: ['claude-sonnet-4-5'] }),
  ];
  const home = makeTempHome('switchyard-routing-');
  const records = new RecordLog();
  const launch = async () => {
    const gateway = await startSwitchyard(environment, home, { providerFactories });
    gateway.switchyard.onRequestRecord((record) => records.push(record));
    return gateway;
  };

  const clientsOf = (gateway: RunningSwitchyard) => ({
    openai: new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.clientKey, maxRetries: 0 }),
    anthropic: new Anthropic({ baseURL: gateway.url, apiKey: gateway.clientKey, maxRetries: 0 }),
    management: new ManagementHttp(gateway.url, gateway.managementKey),
  });
  let gateway = await launch();
  let clients = clientsOf(gateway);

  const harness: RoutingHarness = {
    get gateway() {
      return gateway;
    },
    fakes,
    pool,
    solo: soloPool,
    records,
    get openai() {
      return clients.openai;
    },
    get anthropic() {
      return clients.anthropic;
    },
    get management() {
      return clients.management;
    },
    upstreamRequests: () => a.requests.length + b.requests.length + solo.requests.length + messages.requests.length,
    async reset() {
      for (const fake of Object.values(fakes)) fake.reset();
      a.setDefaultReply({ text: 'Answer from account a.' });
      b.setDefaultReply({ text: 'Answer from account b.' });
      solo.setDefaultReply({ text: 'Answer from the solo account.' });
      messages.setDefaultReply({ text: 'Answer from the Anthropic fallback.' });
      pool.reset();
      soloPool.reset();
      const { switchyard } = gateway;
      for (const id of [...pool.accountIds, ...soloPool.accountIds, 'test-anthropic-messages:1']) await switchyard.cooldowns.clear(id);
      switchyard.settings.update({
        routingStrategy: { pool: 'fill-first' },
        accountPriority: {},
        modelAliases: {},
        fallbacks: {},
        retryBudget: 3,
        retryBackoffMs: 1,
      });
      records.clear();
    },
    async restart() {
      await gateway.switchyard.cooldowns.flush();
      await gateway.switchyard.stop();
      gateway = await launch();
      clients = clientsOf(gateway);
    },
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
    },
  };
  return harness;
}

export interface PoolGateway {
  gateway: RunningSwitchyard;
  pool: MultiAccountPool;
  /** One fake per account name. */
  fakes: Record<string, FakeOpenAiCompatible>;
  records: RecordLog;
  /** The model the pool serves, `<id>/m`. */
  model: string;
  upstreamRequests(): number;
  /** Fakes, accounts, cooldowns and records back to the start (settings are left to the test). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** A gateway with one pool provider of `names.length` accounts, each on its own fake (property and load tests). */
export async function startPoolGateway(id: string, names: string[], environment: Record<string, string> = {}): Promise<PoolGateway> {
  const started = await Promise.all(names.map((name) => startFakeOpenAiCompatible({ apiKey: `key-${name}`, models: fakeModels })));
  const fakes = Object.fromEntries(names.map((name, index) => [name, started[index]]));
  const pool = createMultiAccountPool({
    id,
    prefix: `${id}/`,
    models: fakeModels,
    accounts: names.map((name) => ({ name, baseUrl: fakes[name].url, apiKey: `key-${name}` })),
  });
  const gateway = await startSwitchyard(environment, undefined, { providerFactories: [pool.factory] });
  const records = new RecordLog();
  gateway.switchyard.onRequestRecord((record) => records.push(record));
  return {
    gateway,
    pool,
    fakes,
    records,
    model: `${id}/m`,
    upstreamRequests: () => started.reduce((total, fake) => total + fake.requests.length, 0),
    async reset() {
      for (const fake of started) fake.reset();
      pool.reset();
      for (const accountId of pool.accountIds) await gateway.switchyard.cooldowns.clear(accountId);
      records.clear();
    },
    async stop() {
      await gateway.stop();
      await Promise.all(started.map((fake) => fake.close()));
    },
  };
}
