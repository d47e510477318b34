/**
 * Shared machinery of the fake upstreams: an ephemeral loopback server that records every request,
 * answers from a reply queue, and applies fault knobs. Every observable event is awaitable, so tests never sleep.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { defaultReply, type FakeReply } from './fake-reply.js';

export interface RecordedRequest {
  method: string;
  /** Path with query string, as received. */
  path: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
}

export type Fault =
  /** Delay before the first byte of the answer. */
  | { kind: 'latency'; ms: number }
  /** Answer with this status; the fake fills in its own error body and headers (retry-after…) when absent. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Close the connection after N chunks (SSE frames) without finishing the response. */
  | { kind: 'cut'; afterChunks: number }
  /** Stop writing after N chunks and hold the socket open until the client leaves or the fake closes. */
  | { kind: 'stall'; afterChunks: number }
  /** Close the connection before any byte of the response (a connect-level failure). */
  | { kind: 'drop' };

export interface ErrorAnswer {
  body: unknown;
  headers?: Record<string, string>;
}

/** One answer a fake wants to send, before faults are applied. */
export interface Delivery {
  status?: number;
  contentType: 'text/event-stream' | 'application/json';
  /** SSE frames (each a complete frame) or pieces of a JSON body. */
  chunks: string[];
  headers?: Record<string, string>;
  intervalMs?: number;
  fault?: Fault;
  /** The fake's own error body for a status fault that names no body. */
  errorFor(status: number): ErrorAnswer;
}

type Outcome = 'open' | 'finished' | 'closed-by-client' | 'ended-by-fake';

interface RequestState {
  outcome: Outcome;
  listeners: Array<(outcome: Outcome) => void>;
}

/** Replies and faults waiting for the next generation request. */
export class ScenarioQueue {
  readonly replies: FakeReply[] = [];
  readonly faults: Fault[] = [];
  persistentFault: Fault | undefined;
  defaultReply: FakeReply = defaultReply();

  takeReply(): FakeReply {
    return this.replies.shift() ?? this.defaultReply;
  }

  /** A queued fault wins over the persistent one, for one request. */
  takeFault(): Fault | undefined {
    return this.faults.shift() ?? this.persistentFault;
  }
}

/** One received request and the means to answer it. */
export class Exchange {
  readonly url: URL;
  private readonly closed: Promise<void>;

  constructor(
    readonly request: RecordedRequest,
    private readonly response: ServerResponse,
    private readonly scenarios: ScenarioQueue,
    private readonly markEndedByFake: () => void,
  ) {
    this.url = new URL(request.path, 'http://fake.invalid');
    this.closed = new Promise((resolve) => response.once('close', () => resolve()));
  }

  header(name: string): string | undefined {
    const value = this.request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The token of an `Authorization: Bearer <token>` header; undefined without one. */
  bearerToken(): string | undefined {
    const authorization = this.header('authorization') ?? '';
    return authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
  }

  hasJsonContentType(): boolean {
    return (this.header('content-type') ?? '').toLowerCase().includes('application/json');
  }

  /** Called by a fake once a generation request passed validation, so rejected requests never consume scenarios. */
  takeScenario(): { reply: FakeReply; fault: Fault | undefined } {
    return { reply: this.scenarios.takeReply(), fault: this.scenarios.takeFault() };
  }

  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    this.response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    this.response.end(text);
  }

  async deliver(delivery: Delivery): Promise<void> {
    const fault = delivery.fault;
    if (fault?.kind === 'drop') return this.cut();
    if (fault?.kind === 'latency') {
      await this.wait(fault.ms);
      if (this.isGone()) return;
    }
    if (fault?.kind === 'status') {
      const fallback = delivery.errorFor(fault.status);
      const headers = { ...delivery.headers, ...fallback.headers, ...fault.headers };
      return this.sendJson(fault.status, fault.body ?? fallback.body, headers);
    }
    const interrupt = fault?.kind === 'cut' || fault?.kind === 'stall' ? fault : undefined;
    const headers: Record<string, string> = { 'content-type': delivery.contentType, ...delivery.headers };
    if (delivery.contentType === 'text/event-stream') headers['cache-control'] = 'no-cache';
    else if (!interrupt) headers['content-length'] = String(Buffer.byteLength(delivery.chunks.join('')));
    this.response.writeHead(delivery.status ?? 200, headers);

    const limit = interrupt ? Math.min(Math.max(0, interrupt.afterChunks), delivery.chunks.length) : delivery.chunks.length;
    if (limit === 0) this.response.flushHeaders();
    for (let index = 0; index < limit; index++) {
      if (index > 0 && delivery.intervalMs) await this.wait(delivery.intervalMs);
      if (this.isGone()) return;
      this.response.write(delivery.chunks[index]);
    }
    if (!interrupt) {
      this.response.end();
    } else if (interrupt.kind === 'cut') {
      this.cut();
    } else {
      await this.closed;
    }
  }

  /** Half-close after pending bytes are flushed, so the client reads every chunk written and then a premature end. */
  private cut(): void {
    this.markEndedByFake();
    const socket = this.response.socket;
    if (!socket) return;
    socket.once('finish', () => socket.destroy());
    socket.end();
  }

  private isGone(): boolean {
    return this.response.destroyed || this.response.socket === null || this.response.socket.destroyed;
  }

  /** A timer that also ends when the connection goes away, so close() never waits on a pending delay. */
  private wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.closed.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** Base class of every fake: subclasses implement `route` and the wire format. */
export abstract class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  /** Exceptions thrown by a fake's own handler (a bug in the fake, not an upstream answer). */
  readonly errors: Error[] = [];
  protected readonly scenarios = new ScenarioQueue();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly states: RequestState[] = [];
  private requestWaiters: Array<() => boolean> = [];
  private outcomeWaiters: Array<() => void> = [];
  private clientClosedCount = 0;
  private closing = false;
  private address: AddressInfo | undefined;

  constructor() {
    this.server = createServer((request, response) => void this.accept(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  protected abstract route(exchange: Exchange): Promise<void>;

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.address = this.server.address() as AddressInfo;
    return this;
  }

  get port(): number {
    if (!this.address) throw new Error('fake upstream is not listening');
    return this.address.port;
  }

  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  enqueue(...replies: FakeReply[]): void {
    this.scenarios.replies.push(...replies);
  }

  /** Faults for the next generation requests, one each; they take precedence over setFault. */
  enqueueFault(...faults: Fault[]): void {
    this.scenarios.faults.push(...faults);
  }

  setFault(fault: Fault | undefined): void {
    this.scenarios.persistentFault = fault;
  }

  setDefaultReply(reply: FakeReply): void {
    this.scenarios.defaultReply = reply;
  }

  get pendingReplies(): number {
    return this.scenarios.replies.length;
  }

  get pendingFaults(): number {
    return this.scenarios.faults.length;
  }

  /** Requests whose socket the client closed before the answer was complete. */
  get closedRequestCount(): number {
    return this.clientClosedCount;
  }

  /** Resolves once at least `count` requests have been received (fully read), with the log so far. */
  waitForRequests(count: number): Promise<RecordedRequest[]> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        if (this.requests.length < count) return false;
        resolve(this.requests.slice());
        return true;
      };
      if (!check()) this.requestWaiters.push(check);
    });
  }

  /** Resolves once at least `count` requests were abandoned by the client mid-answer. */
  async waitForClosedRequests(count = 1): Promise<void> {
    while (this.clientClosedCount < count) {
      await this.nextOutcome();
    }
  }

  /**
   * Resolves when request `index` (default: the latest recorded, or the next one if none yet) has its socket
   * closed by the client before the answer finished; rejects if that request finishes normally instead.
   */
  async onRequestClosed(index?: number): Promise<void> {
    const target = index ?? Math.max(0, this.requests.length - 1);
    await this.waitForRequests(target + 1);
    const state = this.states[target];
    const outcome = state.outcome !== 'open' ? state.outcome : await new Promise<Outcome>((resolve) => state.listeners.push(resolve));
    if (outcome !== 'closed-by-client') {
      throw new Error(`request ${target} (${this.requests[target].path}) was not closed by the client: ${outcome}`);
    }
  }

  /** Forgets recorded requests, queued replies and faults. */
  reset(): void {
    this.requests.length = 0;
    this.states.length = 0;
    this.errors.length = 0;
    this.clientClosedCount = 0;
    this.scenarios.replies.length = 0;
    this.scenarios.faults.length = 0;
    this.scenarios.persistentFault = undefined;
    this.scenarios.defaultReply = defaultReply();
  }

  /** Stops listening and destroys open sockets, which also releases stalled and delayed answers. */
  async close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private nextOutcome(): Promise<void> {
    return new Promise((resolve) => this.outcomeWaiters.push(resolve));
  }

  private settle(state: RequestState, outcome: Outcome): void {
    if (state.outcome !== 'open') return;
    state.outcome = outcome;
    if (outcome === 'closed-by-client') this.clientClosedCount++;
    for (const listener of state.listeners.splice(0)) listener(outcome);
    for (const waiter of this.outcomeWaiters.splice(0)) waiter();
  }

  private async accept(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pieces: Buffer[] = [];
    try {
      for await (const piece of request) pieces.push(piece as Buffer);
    } catch {
      return; // the client went away while sending its body: nothing to record
    }
    const bodyText = Buffer.concat(pieces).toString('utf8');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      bodyText,
      body: parseJson(bodyText),
    };
    const state: RequestState = { outcome: 'open', listeners: [] };
    response.once('close', () => {
      if (response.writableFinished) this.settle(state, 'finished');
      else this.settle(state, this.closing ? 'ended-by-fake' : 'closed-by-client');
    });
    this.requests.push(recorded);
    this.states.push(state);
    this.requestWaiters = this.requestWaiters.filter((waiter) => !waiter());

    const exchange = new Exchange(recorded, response, this.scenarios, () => this.settle(state, 'ended-by-fake'));
    try {
      await this.route(exchange);
    } catch (error) {
      this.errors.push(error instanceof Error ? error : new Error(String(error)));
      if (!response.headersSent) exchange.sendJson(500, { error: `fake upstream bug: ${String(error)}` });
      else response.destroy();
    }
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Formats one named SSE frame: `event: <type>\ndata: <json>\n\n`. */
export function namedFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Formats one unnamed SSE frame: `data: <json>\n\n` (a string is sent as-is, e.g. [DONE]). */
export function dataFrame(data: unknown): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** Accepted or expired tokens: a live Set, or a function read per request so tests can rotate tokens. */
export type TokenSet = Set<string> | (() => Set<string>);

export function readTokens(tokens: TokenSet | undefined, fallback: string[]): Set<string> {
  if (tokens === undefined) return new Set(fallback);
  return typeof tokens === 'function' ? tokens() : tokens;
}
