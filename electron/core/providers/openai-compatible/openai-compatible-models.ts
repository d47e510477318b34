/** An OpenAI-compatible upstream's model listing (`GET {baseUrl}/models`), and the probe used before saving an entry. */
import type { OpenAiCompatibleEntry } from '../../config/settings-schema.js';
import type { UpstreamHttp } from '../upstream-http.js';
import { entryHeaders } from './openai-compatible-auth.js';
import { entryUrl } from './openai-compatible-executor.js';

export type EntryConnection = Pick<OpenAiCompatibleEntry, 'baseUrl' | 'apiKey' | 'headers'>;

export class ModelListingError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export async function fetchEntryModelIds(http: UpstreamHttp, connection: EntryConnection, timeoutMs: number, signal?: AbortSignal): Promise<string[]> {
  const entry: OpenAiCompatibleEntry = { name: 'listing', ...connection };
  const timeout = AbortSignal.timeout(timeoutMs);
  const reply = await http.request({
    url: entryUrl(entry, '/models'),
    method: 'GET',
    headers: { ...entryHeaders(entry), accept: 'application/json' },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  const text = await reply.body.text();
  if (reply.status >= 400) throw new ModelListingError(`HTTP ${reply.status}`, reply.status);
  let parsed: { data?: Array<{ id?: unknown }>; models?: Array<{ name?: unknown; model?: unknown }> };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new ModelListingError('the /models reply is not JSON', reply.status);
  }
  const fromData = (parsed.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
  // Ollama's native listing uses `models[].name`.
  const fromModels = (parsed.models ?? []).map((model) => model.name ?? model.model).filter((id): id is string => typeof id === 'string');
  return [...fromData, ...fromModels];
}

export interface ProbeResult {
  ok: boolean;
  status?: number;
  models: string[];
  detail: string;
}

/** Whether a base URL answers `/models` with a listing; never throws. */
export async function probeOpenAiCompatible(http: UpstreamHttp, connection: EntryConnection, timeoutMs: number): Promise<ProbeResult> {
  try {
    const models = await fetchEntryModelIds(http, connection, timeoutMs);
    return { ok: true, status: 200, models, detail: `reachable, ${models.length} models listed` };
  } catch (error) {
    const status = error instanceof ModelListingError ? error.status : undefined;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { ok: false, ...(status !== undefined ? { status } : {}), models: [], detail: `${connection.baseUrl}/models did not answer with a model list: ${reason}` };
  }
}
