/**
 * Upstream reply -> client. Four shapes: passthrough stream (bytes untouched, tapped for usage),
 * passthrough JSON, translated stream (frames -> parts -> frames), and aggregated JSON (parts -> one body).
 */
import type { Response } from 'express';
import type { CanonicalPart } from '../canonical/canonical-parts.js';
import type { CanonicalRequest } from '../canonical/canonical-request.js';
import type { TranslationContext } from '../canonical/translation-context.js';
import { createPartAggregator, responseToParts } from '../canonical/aggregate-parts.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { StreamDecoder, StreamFrame, WireFormat } from '../formats/wire-format.js';
import { headerValue, type UpstreamReply } from '../providers/upstream-http.js';
import { sendErrorShape } from './error-handler.js';
import { createSseReader } from './sse-reader.js';
import { createFrameWriter, drained, flushHeadersSoon, framingContentType, writeCoalesced, type StreamFraming } from './sse-writer.js';
import type { UsageTap } from './usage-tap.js';

export interface RelayOptions {
  reply: UpstreamReply;
  response: Response;
  clientFormat: WireFormat;
  upstreamFormat: WireFormat;
  passthrough: boolean;
  request: CanonicalRequest;
  context: TranslationContext;
  framing: StreamFraming;
  tap: UsageTap;
  signal: AbortSignal;
}

function interruptedPart(cause: unknown): CanonicalPart {
  const error = new SwitchyardError(
    'stream_interrupted',
    502,
    `The upstream stream broke off before it finished (${(cause as Error)?.message ?? 'connection closed'}).`,
    { retryable: true },
  );
  return { type: 'error', error: error.toShape() };
}

/** Upstream parts, whatever the upstream sent: an SSE stream, or one JSON body. */
async function* upstreamParts(options: RelayOptions, decoder: StreamDecoder, isEventStream: boolean): AsyncGenerator<CanonicalPart[]> {
  const { reply, upstreamFormat, context } = options;
  if (!isEventStream) {
    const text = reply.bodyText ?? (await reply.body.text());
    yield responseToParts(upstreamFormat.parseResponse(JSON.parse(text), context));
    return;
  }
  const reader = createSseReader();
  try {
    for await (const chunk of reply.body) {
      const frames = reader.push(chunk as Buffer);
      for (const frame of frames) {
        const parts = decoder.push(frame);
        if (parts.length > 0) yield parts;
      }
    }
  } catch (error) {
    if (options.signal.aborted) throw error;
    yield [interruptedPart(error)];
    return;
  }
  yield decoder.end();
}

export async function relayReply(options: RelayOptions): Promise<number> {
  const { reply, response, clientFormat, upstreamFormat, passthrough, request, context, tap } = options;
  const contentType = headerValue(reply.headers, 'content-type') ?? '';
  const isEventStream = contentType.includes('text/event-stream');
  const decoder = upstreamFormat.createStreamDecoder(context);

  if (passthrough && isEventStream === request.stream && options.framing === 'sse') {
    return relayPassthrough(options, decoder, isEventStream, contentType);
  }

  if (request.stream) {
    const encoder = clientFormat.createStreamEncoder(request, context);
    response.status(200);
    response.setHeader('content-type', framingContentType(options.framing));
    response.setHeader('cache-control', 'no-cache');
    flushHeadersSoon(response);
    const writer = createFrameWriter(response, options.framing);
    for await (const parts of upstreamParts(options, decoder, isEventStream)) {
      // One write per upstream chunk, and no reading ahead of a client that is not keeping up.
      let frames: StreamFrame[] = [];
      for (const part of parts) {
        tap.observe(part);
        const encoded = encoder.push(part);
        if (encoded.length > 0) frames = frames.length === 0 ? encoded : frames.concat(encoded);
        if (part.type === 'error') break;
      }
      if (!writer.write(frames)) await drained(response);
      if (tap.error) break;
    }
    writer.end();
    return 200;
  }

  const aggregator = createPartAggregator({ id: context.newId('resp_'), model: request.model, created: context.nowSeconds() });
  for await (const parts of upstreamParts(options, decoder, isEventStream)) {
    for (const part of parts) {
      tap.observe(part);
      aggregator.push(part);
    }
    if (tap.error) break;
  }
  if (aggregator.error) {
    sendErrorShape(response, clientFormat, aggregator.error);
    return aggregator.error.status;
  }
  response.status(200).json(clientFormat.renderResponse(aggregator.result(), request, context));
  return 200;
}

/** Same format both sides: the bytes go through untouched; a tap reads usage on the side. */
async function relayPassthrough(options: RelayOptions, decoder: StreamDecoder, isEventStream: boolean, contentType: string): Promise<number> {
  const { reply, response, tap, context } = options;
  response.status(reply.status);
  response.setHeader('content-type', contentType || 'application/json');
  if (!isEventStream) {
    const text = reply.bodyText ?? (await reply.body.text());
    try {
      tap.observeAll(responseToParts(options.upstreamFormat.parseResponse(JSON.parse(text), context)));
    } catch {
      // The usage tap never blocks a reply the client asked for verbatim.
    }
    response.end(text);
    return reply.status;
  }
  response.setHeader('cache-control', 'no-cache');
  flushHeadersSoon(response);
  const reader = createSseReader();
  try {
    for await (const chunk of reply.body) {
      const flowing = writeCoalesced(response, chunk as Buffer);
      for (const frame of reader.push(chunk as Buffer)) tap.observeAll(decoder.push(frame));
      if (!flowing) await drained(response);
    }
    // A stream that ended without its terminator is reported in-band, never passed off as complete.
    const endParts = decoder.end();
    tap.observeAll(endParts);
    const endError = endParts.find((part) => part.type === 'error');
    if (endError) writeInBandError(options, endError);
  } catch (error) {
    if (options.signal.aborted) throw error;
    const part = interruptedPart(error);
    tap.observe(part);
    writeInBandError(options, part);
  }
  response.end();
  return reply.status;
}

/**
 * An error in the client's own stream format after passthrough bytes. The encoder first sees the upstream's
 * response-start, silently: the client already has the upstream's own start event, so it gets only the error,
 * naming the same response (a Responses client must not see a second `response.created`).
 */
function writeInBandError(options: RelayOptions, part: CanonicalPart): void {
  const encoder = options.clientFormat.createStreamEncoder(options.request, options.context);
  if (options.tap.start) encoder.push(options.tap.start);
  createFrameWriter(options.response, 'sse').write(encoder.push(part));
}
