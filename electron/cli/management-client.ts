/**
 * The CLI's side of the management API: a typed client derived from the contract, and the SSE events
 * stream. Talks to 127.0.0.1 with the management key; says plainly when no server is listening.
 */
import { request, errors as undiciErrors } from 'undici';
import { createParser } from 'eventsource-parser';
import {
  contractOperations,
  createContractClient,
  errorShapeSchema,
  managementEventsPath,
  operationPath,
  parseSwitchyardEvent,
  type ContractClient,
  type EventType,
  type OperationName,
  type SwitchyardEvent,
} from '../../shared/contract.js';
import type { ErrorShape } from '../../shared/errors.js';

export class ManagementError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly shape?: ErrorShape,
  ) {
    super(message);
    this.name = 'ManagementError';
  }
}

/** The server is not there: the one error every command explains the same way. */
export class NotRunningError extends Error {
  constructor(readonly url: string) {
    super(`Switchyard is not running at ${url}. Start it with \`switchyard start\` (or \`switchyard serve\` in the foreground).`);
    this.name = 'NotRunningError';
  }
}

const keyHint =
  'The CLI sends SWITCHYARD_MANAGEMENT_KEY, else the key kept in the vault; a server started with SWITCHYARD_MANAGEMENT_KEY needs the same variable here.';

function isConnectionRefused(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || error instanceof undiciErrors.SocketError;
}

export interface ManagementClientOptions {
  url: string;
  managementKey: string;
  /** Per call, ms (default 30 s; long polls add their wait). */
  timeoutMs?: number;
}

export class ManagementClient {
  readonly api: ContractClient;

  constructor(private readonly options: ManagementClientOptions) {
    this.api = createContractClient((name, input) => this.call(name, input));
  }

  get url(): string {
    return this.options.url;
  }

  async call(name: OperationName, input: unknown): Promise<unknown> {
    const waitMs = typeof (input as { waitMs?: unknown } | null)?.waitMs === 'number' ? (input as { waitMs: number }).waitMs : 0;
    let reply;
    try {
      reply = await request(`${this.options.url}${operationPath(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-management-key': this.options.managementKey },
        body: JSON.stringify(input ?? {}),
        headersTimeout: (this.options.timeoutMs ?? 30_000) + waitMs,
      });
    } catch (error) {
      if (isConnectionRefused(error)) throw new NotRunningError(this.options.url);
      throw error;
    }
    const text = await reply.body.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ManagementError(`The server answered ${name} with something that is not JSON (HTTP ${reply.statusCode}).`, reply.statusCode);
    }
    if (reply.statusCode >= 400) {
      const shape = errorShapeSchema.safeParse((body as { error?: unknown }).error);
      const message = shape.success ? shape.data.message : `HTTP ${reply.statusCode}`;
      throw new ManagementError(reply.statusCode === 401 ? `${message} ${keyHint}` : message, reply.statusCode, shape.success ? shape.data : undefined);
    }
    return contractOperations[name].output.parse(body);
  }

  /**
   * The live events, until `signal` aborts or the server goes away. `onOpen` runs once the stream is
   * established, so a caller can act knowing nothing it causes will be missed.
   */
  async *events(options: { types?: EventType[]; afterId?: number; signal?: AbortSignal; onOpen?: () => void } = {}): AsyncGenerator<SwitchyardEvent> {
    const query = new URLSearchParams();
    if (options.types?.length) query.set('types', options.types.join(','));
    if (options.afterId !== undefined) query.set('afterId', String(options.afterId));
    let reply;
    try {
      reply = await request(`${this.options.url}${managementEventsPath}${query.size > 0 ? `?${query}` : ''}`, {
        method: 'GET',
        headers: { accept: 'text/event-stream', 'x-management-key': this.options.managementKey },
        signal: options.signal,
        bodyTimeout: 0,
      });
    } catch (error) {
      if (options.signal?.aborted) return;
      if (isConnectionRefused(error)) throw new NotRunningError(this.options.url);
      throw error;
    }
    if (reply.statusCode >= 400) {
      const text = await reply.body.text();
      const shape = errorShapeSchema.safeParse((JSON.parse(text) as { error?: unknown }).error);
      throw new ManagementError(shape.success ? shape.data.message : `HTTP ${reply.statusCode}`, reply.statusCode);
    }
    options.onOpen?.();
    const pending: SwitchyardEvent[] = [];
    const parser = createParser({ onEvent: (message) => pending.push(parseSwitchyardEvent(JSON.parse(message.data))) });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of reply.body) {
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
        while (pending.length > 0) yield pending.shift() as SwitchyardEvent;
      }
    } catch (error) {
      // The server closing the stream (it stopped) ends the events, like a clean end.
      if (options.signal?.aborted || isConnectionRefused(error)) return;
      throw error;
    }
  }
}
