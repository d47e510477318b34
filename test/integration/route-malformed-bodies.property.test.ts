/**
 * Property tests over the real server: arbitrary malformed bodies on each client route get a 4xx in that
 * client's own error format, never a 500; a valid body with one field replaced by anything gets a
 * 200 or a 4xx, never a 5xx. Runs are bounded so the file stays quick.
 */
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrixFormats, startHarness, type Harness } from './conformance/conformance-harness.js';

let harness: Harness;
const numRuns = 60;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.stop();
});

type Shape = 'openai' | 'anthropic' | 'gemini';

interface Route {
  name: string;
  path: (model: string) => string;
  shape: Shape;
  headers: () => Record<string, string>;
  valid: (model: string) => Record<string, unknown>;
  /** Fields worth breaking, as paths into the valid body. */
  fields: string[][];
}

const model = () => harness.model('openai-chat');
const routes: Route[] = [
  {
    name: 'POST /v1/chat/completions',
    path: () => '/v1/chat/completions',
    shape: 'openai',
    headers: () => ({ authorization: `Bearer ${harness.gateway.clientKey}` }),
    valid: (model) => ({ model, messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }),
    fields: [['model'], ['messages'], ['messages', '0'], ['messages', '0', 'role'], ['messages', '0', 'content'], ['tools'], ['tools', '0', 'function'], ['stream'], ['max_tokens'], ['tool_choice']],
  },
  {
    name: 'POST /v1/responses',
    path: () => '/v1/responses',
    shape: 'openai',
    headers: () => ({ authorization: `Bearer ${harness.gateway.clientKey}` }),
    valid: (model) => ({ model, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], tools: [{ type: 'function', name: 'f', parameters: {} }] }),
    fields: [['model'], ['input'], ['input', '0'], ['input', '0', 'type'], ['input', '0', 'content'], ['instructions'], ['tools'], ['tools', '0'], ['reasoning'], ['stream']],
  },
  {
    name: 'POST /v1/messages',
    path: () => '/v1/messages',
    shape: 'anthropic',
    headers: () => ({ 'x-api-key': harness.gateway.clientKey, 'anthropic-version': '2023-06-01' }),
    valid: (model) => ({ model, max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [{ name: 'f', input_schema: { type: 'object' } }] }),
    fields: [['model'], ['max_tokens'], ['messages'], ['messages', '0', 'role'], ['messages', '0', 'content'], ['messages', '0', 'content', '0'], ['system'], ['tools', '0'], ['thinking'], ['tool_choice']],
  },
  {
    name: 'POST /v1beta/models/{model}:generateContent',
    path: (model) => `/v1beta/models/${model}:generateContent`,
    shape: 'gemini',
    headers: () => ({ 'x-goog-api-key': harness.gateway.clientKey }),
    valid: () => ({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT' } }] }] }),
    fields: [['contents'], ['contents', '0'], ['contents', '0', 'role'], ['contents', '0', 'parts'], ['contents', '0', 'parts', '0'], ['systemInstruction'], ['tools'], ['tools', '0', 'functionDeclarations'], ['generationConfig'], ['toolConfig']],
  },
];

async function send(route: Route, body: string, target = model()): Promise<{ status: number; json: unknown; text: string }> {
  const reply = await request(`${harness.gateway.url}${route.path(target)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...route.headers() },
    body,
  });
  const text = await reply.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: reply.statusCode, json, text };
}

function expectErrorShape(shape: Shape, json: unknown, text: string): void {
  if (shape === 'openai') expect(json, text).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
  else if (shape === 'anthropic') expect(json, text).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
  else expect(json, text).toMatchObject({ error: { code: expect.any(Number), message: expect.any(String), status: expect.any(String) } });
}

/** The valid body with the value at `path` replaced (or removed, for `undefined`). */
function mutate(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (next === null || typeof next !== 'object') return copy;
    target = next as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const notJson = fc.oneof(
  fc.constantFrom('', '{', '[1,', '{"model":', 'null,', '{"messages":[}', '\u0000'),
  fc.string().filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
);
const notAnObject = fc.jsonValue().filter((value) => value === null || typeof value !== 'object' || Array.isArray(value));
const randomObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });

describe.each(routes)('$name', (route) => {
  it('answers bodies that are not JSON, or not a JSON object, with a 4xx in its own format', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(notJson, notAnObject.map((value) => JSON.stringify(value))), async (body) => {
        const reply = await send(route, body);
        expect(reply.status, `${body} -> ${reply.text}`).toBeGreaterThanOrEqual(400);
        expect(reply.status, `${body} -> ${reply.text}`).toBeLessThan(500);
        expectErrorShape(route.shape, reply.json, reply.text);
      }),
      { numRuns },
    );
  });

  it('answers objects with arbitrary fields (no required ones) with a 4xx in its own format', async () => {
    await fc.assert(
      fc.asyncProperty(randomObject, async (object) => {
        const reply = await send(route, JSON.stringify(object));
        expect(reply.status, `${JSON.stringify(object)} -> ${reply.text}`).toBeGreaterThanOrEqual(400);
        expect(reply.status, `${JSON.stringify(object)} -> ${reply.text}`).toBeLessThan(500);
        expectErrorShape(route.shape, reply.json, reply.text);
      }),
      { numRuns },
    );
  });

  it('answers a valid body with one field replaced by anything with a 200 or a 4xx, never a 5xx, for every upstream format', async () => {
    const replacement = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }));
    const upstream = fc.constantFrom(...matrixFormats).map((format) => harness.model(format));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...route.fields), replacement, upstream, async (path, value, target) => {
        const body = JSON.stringify(mutate(route.valid(target), path, value));
        const reply = await send(route, body, target);
        expect(reply.status, `${body} -> ${reply.text}`).toBeLessThan(500);
        if (reply.status >= 400) expectErrorShape(route.shape, reply.json, reply.text);
      }),
      { numRuns },
    );
  });
});

describe('the ?key= query parameter', () => {
  it('is a Gemini convention only: the OpenAI and Anthropic routes do not take it', async () => {
    const reply = await request(`${harness.gateway.url}/v1/chat/completions?key=${harness.gateway.clientKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: model(), messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(reply.statusCode).toBe(401);
    expectErrorShape('openai', await reply.body.json(), '');
  });
});
