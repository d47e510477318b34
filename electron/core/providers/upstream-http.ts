/**
 * Upstream HTTP through undici: one keep-alive Pool per origin, connect and first-byte timeouts from
 * settings, and no body timeout (once a stream has started only the client's disconnect ends it).
 */
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { UpstreamUnavailableError, ClientAbortedError } from '../errors/switchyard-error.js';

export interface UpstreamRequest {
  url: string;
  method?: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal: AbortSignal;
  /**
   * Called as the response headers arrive; may return a watcher that then sees every body chunk before
   * any consumer reads it, without consuming or changing the body (metadata events read on the side).
   */
  watchBody?(response: Pick<UpstreamReply, 'status' | 'headers'>): ((chunk: Buffer) => void) | undefined;
}

export interface UpstreamReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** A JSON (non-event-stream) body routing already read in full, so a body that breaks off can still go to another account. */
  bodyText?: string;
}

export interface UpstreamHttpOptions {
  connectTimeoutMs: () => number;
  firstByteTimeoutMs: () => number;
}

export class UpstreamHttp {
  private readonly pools = new Map<string, Pool>();
  /** URL string -> origin and path: the same few upstream URLs are called over and over. */
  private readonly targets = new Map<string, { origin: string; path: string }>();

  constructor(private readonly options: UpstreamHttpOptions) {}

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, {
        // No cap: a stream holds its connection for its whole life, and a cap would queue new requests behind long streams.
        connections: null,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connect: { timeout: this.options.connectTimeoutMs() },
        headersTimeout: this.options.firstByteTimeoutMs(),
        bodyTimeout: 0,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private target(text: string): { origin: string; path: string } {
    let target = this.targets.get(text);
    if (!target) {
      const url = new URL(text);
      target = { origin: url.origin, path: `${url.pathname}${url.search}` };
      if (this.targets.size >= 256) this.targets.clear();
      this.targets.set(text, target);
    }
    return target;
  }

  async request(upstream: UpstreamRequest): Promise<UpstreamReply> {
    const url = this.target(upstream.url);
    const options: Dispatcher.RequestOptions = {
      path: url.path,
      method: upstream.method ?? 'POST',
      headers: upstream.headers,
      body: upstream.body ?? null,
      signal: upstream.signal,
    };
    try {
      const pool = this.pool(url.origin);
      const reply = upstream.watchBody ? await requestWatched(pool, options, upstream.watchBody) : await pool.request(options);
      return { status: reply.statusCode, headers: reply.headers, body: reply.body };
    } catch (error) {
      throw describeTransportError(error, url.origin, upstream.signal);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => undefined)));
  }
}

/**
 * The callback form of `request` runs as the headers arrive, before undici pushes the first body byte
 * into the stream (the promise form resolves later, when a short body may already sit in its buffer), so
 * the watcher sees every chunk from there on: each one passes through the body's `push`.
 */
function requestWatched(
  pool: Pool,
  options: Dispatcher.RequestOptions,
  watchBody: NonNullable<UpstreamRequest['watchBody']>,
): Promise<Dispatcher.ResponseData> {
  return new Promise((resolve, reject) => {
    pool.request(options, (error, data) => {
      if (error) {
        reject(error);
        return;
      }
      const watch = watchBody({ status: data.statusCode, headers: data.headers });
      if (watch) {
        const push = data.body.push.bind(data.body);
        data.body.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
          if (Buffer.isBuffer(chunk)) {
            try {
              watch(chunk);
            } catch {
              // A watcher must never disturb the body it watches.
            }
          }
          return push(chunk, encoding);
        };
      }
      resolve(data);
    });
  });
}

export function describeTransportError(error: unknown, origin: string, signal: AbortSignal): Error {
  if (signal.aborted) return new ClientAbortedError();
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new UpstreamUnavailableError(`${origin} did not start answering in time.`, error, 'upstream_timeout', 504);
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new UpstreamUnavailableError(`Connecting to ${origin} timed out.`, error, 'upstream_timeout', 504);
  }
  const code = (error as { code?: string }).code;
  const reason = code ? `${code}` : (error as Error).message;
  return new UpstreamUnavailableError(`Could not reach ${origin} (${reason}).`, error);
}

export function headerValue(headers: UpstreamReply['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
