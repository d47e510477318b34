/** Raw HTTP access to the management API for tests: status, body, and a record of every reply text. */
import { request } from 'undici';
import { operationPath, type OperationName } from '../../shared/contract.js';

export interface ManagementReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

export class ManagementHttp {
  /** Every reply body seen, for the no-secret checks. */
  readonly replies: string[] = [];
  /** Operations that answered 200 at least once. */
  readonly succeeded = new Set<OperationName>();

  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  async send(method: 'GET' | 'POST', path: string, options: { body?: string; headers?: Record<string, string> } = {}): Promise<ManagementReply> {
    const reply = await request(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body,
    });
    const text = await reply.body.text();
    this.replies.push(text);
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: left empty; tests check `text`.
    }
    return { status: reply.statusCode, headers: reply.headers, text, json };
  }

  /** POST an operation with the management key (or the headers given). */
  async call(name: OperationName, input: unknown, headers: Record<string, string> = { 'x-management-key': this.key }): Promise<ManagementReply> {
    const reply = await this.send('POST', operationPath(name), { body: JSON.stringify(input), headers });
    if (reply.status === 200) this.succeeded.add(name);
    return reply;
  }

  /** Like `call`, but the test fails on anything but 200. */
  async ok<T = Record<string, unknown>>(name: OperationName, input: unknown): Promise<T> {
    const reply = await this.call(name, input);
    if (reply.status !== 200) throw new Error(`${name} answered ${reply.status}: ${reply.text}`);
    return reply.json as T;
  }

  get(path: string, headers: Record<string, string> = { 'x-management-key': this.key }): Promise<ManagementReply> {
    return this.send('GET', path, { headers });
  }
}
