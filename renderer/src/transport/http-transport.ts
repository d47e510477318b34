/**
 * The browser transport: each operation is `POST /v0/management/<operation>` with the management key in
 * `Authorization: Bearer`, and events come from `GET /v0/management/events`. EventSource cannot send an
 * Authorization header (and a key in the query string would end up in logs and history), so the stream is
 * read with fetch and parsed with eventsource-parser; it reconnects with `Last-Event-ID` after a drop.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import {
  errorShapeSchema,
  managementEventsPath,
  operationPath,
  parseSwitchyardEvent,
  type EventType,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '../../../shared/contract.js';
import { EventListeners, StreamStates, type EventOf, type StreamState, type Transport } from './transport.js';
import { TransportError, invalidReply, parseReply, unreachable } from './transport-error.js';

type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpTransportOptions {
  managementKey: string;
  /** Origin of the server; '' (the default) is the page's own. */
  baseUrl?: string;
  fetch?: FetchFunction;
  /** Pause before reconnecting the event stream, ms; the server's `retry:` replaces it. */
  reconnectDelayMs?: number;
  /** Told when the server refuses the key (the event stream then stops). */
  onKeyRefused?: (error: TransportError) => void;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function failureOf(response: Response): Promise<TransportError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const shape = errorShapeSchema.safeParse((body as { error?: unknown } | undefined)?.error);
  if (shape.success) return new TransportError(shape.data);
  return new TransportError({
    code: 'internal_error',
    status: response.status,
    retryable: response.status >= 500,
    message: `Switchyard answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
  });
}

export class HttpTransport implements Transport {
  readonly kind = 'http';
  private readonly fetch: FetchFunction;
  private readonly listeners = new EventListeners();
  private readonly states = new StreamStates();
  private streamAbort: AbortController | undefined;
  private lastEventId: number | undefined;
  private retryMs: number;
  private closed = false;

  constructor(private readonly options: HttpTransportOptions) {
    // Called through a closure: the browser's fetch must not be detached from `window`.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.retryMs = options.reconnectDelayMs ?? 2_000;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    return { authorization: `Bearer ${this.options.managementKey}`, ...extra };
  }

  private refused(error: TransportError): TransportError {
    if (error.refusedKey) this.options.onKeyRefused?.(error);
    return error;
  }

  async call<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<OperationOutput<Name>> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.baseUrl ?? ''}${operationPath(name)}`, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json' }),
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      throw unreachable((error as Error).message || 'network error');
    }
    if (!response.ok) throw this.refused(await failureOf(response));
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw invalidReply(`${name} did not answer with JSON`);
    }
    return parseReply(name, body);
  }

  subscribe<Type extends EventType>(type: Type, listener: (event: EventOf<Type>) => void): () => void {
    const remove = this.listeners.add(type, listener);
    this.ensureStream();
    return () => {
      remove();
      if (this.listeners.size === 0) this.stopStream();
    };
  }

  onStreamState(listener: (state: StreamState) => void): () => void {
    return this.states.listen(listener);
  }

  close(): void {
    this.closed = true;
    this.stopStream();
  }

  private ensureStream(): void {
    if (this.streamAbort || this.closed) return;
    const abort = new AbortController();
    this.streamAbort = abort;
    void this.runStream(abort);
  }

  private stopStream(): void {
    this.streamAbort?.abort();
    this.streamAbort = undefined;
    this.states.set('closed');
  }

  private async runStream(abort: AbortController): Promise<void> {
    let attempts = 0;
    while (!abort.signal.aborted) {
      this.states.set(attempts++ === 0 ? 'connecting' : 'reconnecting');
      try {
        await this.readStream(abort.signal);
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof TransportError && error.refusedKey) {
          if (this.streamAbort === abort) this.streamAbort = undefined;
          this.states.set('closed');
          this.refused(error);
          return;
        }
      }
      if (abort.signal.aborted) return;
      this.states.set('reconnecting');
      await pause(this.retryMs, abort.signal);
    }
  }

  private async readStream(signal: AbortSignal): Promise<void> {
    const headers = this.headers({ accept: 'text/event-stream' });
    if (this.lastEventId !== undefined) headers['last-event-id'] = String(this.lastEventId);
    const response = await this.fetch(`${this.options.baseUrl ?? ''}${managementEventsPath}`, { headers, signal, cache: 'no-store', credentials: 'omit' });
    if (!response.ok || !response.body) throw await failureOf(response);
    this.states.set('live');
    const parser = createParser({
      onEvent: (message) => this.onMessage(message),
      onRetry: (ms) => {
        this.retryMs = ms;
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(value);
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }

  private onMessage(message: EventSourceMessage): void {
    let event;
    try {
      event = parseSwitchyardEvent(JSON.parse(message.data));
    } catch {
      // An event this build does not know (a newer server): skip it.
      return;
    }
    this.lastEventId = event.id;
    this.listeners.dispatch(event);
  }
}
