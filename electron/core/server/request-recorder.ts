/**
 * Emits a request's record exactly once, and before the response's last byte leaves: the response's
 * `end` is held until the record's listener (the usage ledger's group commit) has settled. So a client
 * that saw its response complete can count on the usage row being on disk, even if the process is
 * killed right after. Requests whose client went away (no `end`) are recorded from the pipeline's
 * `finally` instead.
 */
import type { ServerResponse } from 'node:http';
import type { RequestRecord } from './request-record.js';

type EndArguments = unknown[];

export class RequestRecorder {
  private emitted = false;

  constructor(
    private readonly response: ServerResponse,
    /** Fills in latency, usage and the in-band error status; called once, at emit time. */
    private readonly complete: () => RequestRecord,
    private readonly emit: (record: RequestRecord) => void | Promise<void>,
  ) {
    const originalEnd = response.end.bind(response) as (...args: EndArguments) => ServerResponse;
    const heldEnd = (...args: EndArguments): ServerResponse => {
      response.end = originalEnd as ServerResponse['end'];
      const pending = this.emitOnce(response.statusCode);
      if (!pending) return originalEnd(...args);
      pending.then(
        () => originalEnd(...args),
        () => originalEnd(...args),
      );
      return response;
    };
    response.end = heldEnd as ServerResponse['end'];
  }

  /** From the pipeline's `finally`: record a request whose response never ended (client aborted). */
  finish(): void {
    this.emitOnce(undefined);
  }

  private emitOnce(statusCode: number | undefined): Promise<void> | undefined {
    if (this.emitted) return undefined;
    this.emitted = true;
    const record = this.complete();
    // Until the relay returns, the response's own status is the truth (passthrough keeps the upstream's).
    if (statusCode !== undefined && record.errorCode === undefined) record.status = statusCode;
    try {
      const result = this.emit(record);
      return result instanceof Promise ? result : undefined;
    } catch {
      // A listener's failure never keeps a client's response from ending.
      return undefined;
    }
  }
}
