/**
 * `GET /v0/management/events`: the event bus as SSE. Each frame is `id: <n>`, `event: <type>`, and the
 * whole event as JSON (already redacted by the bus). `Last-Event-ID` (or `?afterId=`) resumes after a
 * reconnect; `?types=log,usage` narrows the stream.
 */
import type { RequestHandler } from 'express';
import { eventTypes, type EventType } from '../../../../shared/contract.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import type { EventBus } from '../../events/event-bus.js';
import { serializeSse } from '../sse-writer.js';

const heartbeatMs = 15_000;
/** A reader this far behind is dropped rather than buffered without end; it can resume by id. */
const maxBufferedBytes = 8 * 1024 * 1024;

function requestedTypes(raw: unknown): Set<EventType> | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(eventTypes as string[]).includes(name));
  if (unknown) throw new BadRequestError(`Unknown event type "${unknown}" (known: ${eventTypes.join(', ')}).`, 'types');
  return new Set(names as EventType[]);
}

function resumeId(lastEventId: unknown, afterId: unknown): number | undefined {
  const raw = typeof lastEventId === 'string' ? lastEventId : typeof afterId === 'string' ? afterId : undefined;
  if (raw === undefined) return undefined;
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 0) throw new BadRequestError('The event id to resume after must be a whole number.', 'afterId');
  return id;
}

export function managementEventsHandler(bus: EventBus): RequestHandler {
  return (request, response) => {
    const types = requestedTypes(request.query.types);
    const afterId = resumeId(request.headers['last-event-id'], request.query.afterId);
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-cache, no-transform');
    response.setHeader('x-accel-buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 2000\n: switchyard events, last id ${bus.lastId}\n\n`);
    const unsubscribe = bus.subscribe((event) => {
      if (types && !types.has(event.type)) return;
      if (response.writableLength > maxBufferedBytes) {
        response.destroy();
        return;
      }
      response.write(`id: ${event.id}\n${serializeSse({ event: event.type, data: JSON.stringify(event) })}`);
    }, afterId);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  };
}
