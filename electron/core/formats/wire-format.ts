/**
 * What every wire format folder provides. Translators are pure: ids and time come from the
 * TranslationContext, frames arrive already parsed (no `data:` prefixes), nothing does I/O.
 */
import type { ErrorShape } from '../../../shared/errors.js';
import type { CanonicalPart } from '../canonical/canonical-parts.js';
import type { CanonicalRequest, JsonObject } from '../canonical/canonical-request.js';
import type { CanonicalResponse } from '../canonical/canonical-response.js';
import type { FormatId } from '../canonical/format-id.js';
import type { TranslationContext } from '../canonical/translation-context.js';

/** One server-sent event, already unframed. `data` is the raw payload text (JSON or `[DONE]`). */
export interface StreamFrame {
  event?: string;
  data: string;
}

/** What the route knows that the body does not (Gemini puts model and streaming in the URL). */
export interface ParseRequestOptions {
  model?: string;
  stream?: boolean;
}

/** Upstream frames -> canonical parts. Stateful; one per upstream response. */
export interface StreamDecoder {
  push(frame: StreamFrame): CanonicalPart[];
  /**
   * The upstream stream ended. Returns what is still owed: a finish part where the format tolerates
   * a missing terminator, or an error part where a missing terminator means a cut stream.
   */
  end(): CanonicalPart[];
}

/** Canonical parts -> client frames. Stateful; one per client response. */
export interface StreamEncoder {
  push(part: CanonicalPart): StreamFrame[];
}

export interface UpstreamErrorDetails {
  message: string;
  /** The upstream's error type string (`overloaded_error`, `usage_limit_reached`, ...). */
  type?: string;
}

export interface WireFormat {
  readonly id: FormatId;
  /** Client body -> canonical. Throws BadRequestError naming the field at fault. */
  parseRequest(body: unknown, options: ParseRequestOptions): CanonicalRequest;
  /** Canonical -> the upstream's JSON body, with the upstream's model name. */
  buildRequest(request: CanonicalRequest, upstreamModel: string, context: TranslationContext): JsonObject;
  /** Upstream non-streamed body -> canonical response. */
  parseResponse(body: unknown, context: TranslationContext): CanonicalResponse;
  /** Canonical response -> the client's non-streamed body. */
  renderResponse(response: CanonicalResponse, request: CanonicalRequest, context: TranslationContext): JsonObject;
  createStreamDecoder(context: TranslationContext): StreamDecoder;
  createStreamEncoder(request: CanonicalRequest, context: TranslationContext): StreamEncoder;
  /** Our error in this format's error body. The HTTP status is `error.status`. */
  renderError(error: ErrorShape): JsonObject;
  /** An upstream error body in this format -> message and type. */
  parseError(status: number, body: unknown): UpstreamErrorDetails;
  /**
   * A passthrough body (client and upstream both speak this format) minus what no upstream of this
   * format accepts: the `sy:` reasoning proofs we minted for this format's clients when another
   * upstream served them. Returns the text itself, byte for byte, when there is nothing to drop.
   */
  preparePassthroughBody?(bodyText: string): string;
}
