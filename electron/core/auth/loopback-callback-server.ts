/**
 * The loopback OAuth redirect listener (RFC 8252 §7.3): node:http on the literal 127.0.0.1, open only
 * while one login is pending. It accepts exactly one callback carrying the expected `state`, hands the
 * code to the login, shows the browser a small success or failure page, and closes. It also closes on
 * the provider's `error` redirect, on cancel and on its timeout. Provider-neutral: the ports (with
 * fallbacks, e.g. ChatGPT's 1455 then 1457), the path and the timeout are options.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backgroundTimer } from '../background-timer.js';

export interface LoopbackCallbackOptions {
  /** Ports to try in order; the first that binds wins. */
  ports: readonly number[];
  /** The redirect path, e.g. `/callback`. */
  path: string;
  /** The only state this listener accepts; callbacks with another state get 400 and change nothing. */
  expectedState: string;
  /** Close (and report a timeout) after this long. */
  timeoutMs: number;
  /** Runs once, with the code of a valid callback; resolving shows the success page, a throw shows its message. */
  onCode(code: string): Promise<void>;
  /** The provider redirected with `error`, or the listener timed out. */
  onFailure(error: Error): void;
  /** Shown on the pages, e.g. "Claude". */
  serviceName: string;
}

/** The listener could not open (usually EADDRINUSE): the caller offers manual completion instead. */
export class LoopbackListenError extends Error {
  constructor(
    readonly code: string,
    readonly ports: readonly number[],
    cause: unknown,
  ) {
    const list = ports.join(' or ');
    const reason =
      code === 'EADDRINUSE'
        ? `port ${list} on 127.0.0.1 is already in use (another login in progress, or another program)`
        : `the listener on 127.0.0.1:${list} could not open (${code})`;
    super(`The login callback listener is not running: ${reason}. Complete the login by pasting the redirect URL or "code#state".`, { cause });
    this.name = 'LoopbackListenError';
  }
}

function sameSecret(left: string, right: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(left), digest(right));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function callbackPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5">
<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}

function listenOn(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export class LoopbackCallbackServer {
  private readonly timer: NodeJS.Timeout;
  private handled = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: LoopbackCallbackOptions,
    readonly port: number,
  ) {
    this.timer = backgroundTimer(() => {
      options.onFailure(new Error(`No callback arrived within ${Math.round(options.timeoutMs / 1000)} s; the login listener closed.`));
      void this.close();
    }, options.timeoutMs);
  }

  /** Bind the first free port of `options.ports`; throws LoopbackListenError when none binds. */
  static async open(options: LoopbackCallbackOptions): Promise<LoopbackCallbackServer> {
    let lastError: unknown;
    for (const port of options.ports) {
      // The handler needs the instance, which needs the bound server.
      const holder: { instance?: LoopbackCallbackServer } = {};
      const server = createServer((request, response) => void holder.instance?.handle(request, response));
      try {
        await listenOn(server, port);
      } catch (error) {
        lastError = error;
        continue;
      }
      holder.instance = new LoopbackCallbackServer(server, options, (server.address() as AddressInfo).port);
      return holder.instance;
    }
    throw new LoopbackListenError((lastError as { code?: string })?.code ?? 'ERROR', options.ports, lastError);
  }

  get isOpen(): boolean {
    return this.closing === undefined;
  }

  /** Stop listening and drop open connections; safe to call more than once. */
  close(): Promise<void> {
    if (!this.closing) {
      clearTimeout(this.timer);
      this.closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
      // A connection still answering finishes its page first (every answer carries `connection: close`).
      this.server.closeIdleConnections();
    }
    return this.closing;
  }

  private page(response: ServerResponse, status: number, title: string, message: string): void {
    const body = callbackPage(title, message);
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'cache-control': 'no-store',
      connection: 'close',
    });
    response.end(body);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const service = this.options.serviceName;
    if (request.method !== 'GET' || url.pathname !== this.options.path) {
      this.page(response, 404, 'Not found', `This listener only answers the ${service} login redirect.`);
      return;
    }
    const state = url.searchParams.get('state');
    if (!state) {
      this.page(response, 400, 'Login failed: no_state', 'The redirect carried no state parameter.');
      return;
    }
    if (!sameSecret(state, this.options.expectedState)) {
      this.page(response, 400, 'Login failed: state mismatch', 'This redirect does not belong to the login in progress.');
      return;
    }
    if (this.handled) {
      this.page(response, 409, 'Already completed', 'This login was already completed; you can close this tab.');
      return;
    }
    const error = url.searchParams.get('error');
    if (error) {
      this.handled = true;
      const description = url.searchParams.get('error_description');
      const message = `${service} refused the login: ${error}${description ? ` (${description})` : ''}.`;
      this.options.onFailure(new Error(message));
      this.page(response, 400, 'Login failed', message);
      void this.close();
      return;
    }
    const code = url.searchParams.get('code');
    if (!code) {
      this.page(response, 400, 'Login failed: no_code', 'The redirect carried no authorization code.');
      return;
    }
    this.handled = true;
    try {
      await this.options.onCode(code);
      this.page(response, 200, `${service} account connected`, 'Switchyard has your account. You can close this tab.');
    } catch (failure) {
      this.page(response, 400, 'Login failed', (failure as Error).message);
    }
    void this.close();
  }
}
