/**
 * Translated stream chunks per second on one core, in process: the Chat -> Anthropic stream mapping
 * (openai-chat decoder + anthropic-messages encoder + SSE serialisation) over recorded-style frames,
 * and the reverse. "With SSE parsing" also feeds the upstream bytes through the SSE reader first,
 * which is the whole per-chunk work of a translated stream inside Switchyard. Timed in process CPU
 * time (GC threads included), so other load on the machine does not skew it.
 */
import type { FormatId } from '../electron/core/canonical/format-id.js';
import { formats } from '../electron/core/formats/format-registry.js';
import type { StreamFrame } from '../electron/core/formats/wire-format.js';
import { createTranslationContext } from '../electron/core/server/proxy-pipeline.js';
import { createSseReader } from '../electron/core/server/sse-reader.js';
import { serializeSse } from '../electron/core/server/sse-writer.js';
import { chatBody, messagesBody } from './bench-load.js';

const deltaCount = 200;
const words = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog, ', 'again.\n'];

/** A Chat stream as an OpenAI-compatible server sends it (protocols.md §6 shapes). */
export function chatFrames(): StreamFrame[] {
  const head = '{"id":"chatcmpl-9x1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":';
  const frames: StreamFrame[] = [{ data: `${head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}` }];
  for (let index = 0; index < deltaCount; index++) {
    frames.push({ data: `${head}[{"index":0,"delta":{"content":${JSON.stringify(words[index % words.length])}},"logprobs":null,"finish_reason":null}]}` });
  }
  frames.push({ data: `${head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}` });
  frames.push({ data: `${head}[],"usage":{"prompt_tokens":1200,"completion_tokens":400,"total_tokens":1600}}` });
  frames.push({ data: '[DONE]' });
  return frames;
}

/** A Messages stream as Anthropic sends it (protocols.md §1 shapes). */
export function anthropicFrames(): StreamFrame[] {
  const frame = (event: string, payload: unknown): StreamFrame => ({ event, data: JSON.stringify(payload) });
  const frames: StreamFrame[] = [
    frame('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_01Bench',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 1200, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
      },
    }),
    frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    frame('ping', { type: 'ping' }),
  ];
  for (let index = 0; index < deltaCount; index++) {
    frames.push(frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: words[index % words.length] } }));
  }
  frames.push(
    frame('content_block_stop', { type: 'content_block_stop', index: 0 }),
    frame('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 400 } }),
    frame('message_stop', { type: 'message_stop' }),
  );
  return frames;
}

interface Direction {
  upstream: FormatId;
  client: FormatId;
  clientBody: string;
  frames: StreamFrame[];
}

function direction(upstream: FormatId, client: FormatId): Direction {
  const clientBody = client === 'anthropic-messages' ? messagesBody('bench/bench-model', true) : chatBody('bench/bench-model', true);
  return { upstream, client, clientBody, frames: upstream === 'openai-chat' ? chatFrames() : anthropicFrames() };
}

/** One stream through decoder and encoder; returns the client bytes written (so nothing is optimised away). */
function translateOnce(setup: Direction, bytes: Buffer[] | undefined): number {
  const request = formats[setup.client].parseRequest(JSON.parse(setup.clientBody), {});
  const context = createTranslationContext(request);
  const decoder = formats[setup.upstream].createStreamDecoder(context);
  const encoder = formats[setup.client].createStreamEncoder(request, context);
  let written = 0;
  const relay = (frame: StreamFrame) => {
    for (const part of decoder.push(frame)) {
      const out = encoder.push(part);
      for (let index = 0; index < out.length; index++) written += serializeSse(out[index]).length;
    }
  };
  if (bytes) {
    const reader = createSseReader();
    for (const chunk of bytes) for (const frame of reader.push(chunk)) relay(frame);
  } else {
    for (const frame of setup.frames) relay(frame);
  }
  for (const part of decoder.end()) for (const out of encoder.push(part)) written += serializeSse(out).length;
  return written;
}

/** This process's CPU time so far (user + system), ms. */
export function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Upstream chunks translated per second of CPU time, for `durationMs` of work. */
function chunksPerSecond(setup: Direction, durationMs: number, withSse: boolean): number {
  const bytes = withSse ? setup.frames.map((frame) => Buffer.from(serializeSse(frame))) : undefined;
  for (let index = 0; index < 50; index++) translateOnce(setup, bytes);
  let chunks = 0;
  let sink = 0;
  // CPU time, not wall time: "per core" even when other processes share the core.
  const started = processCpuMs();
  let elapsed = 0;
  while (elapsed < durationMs) {
    sink += translateOnce(setup, bytes);
    chunks += setup.frames.length;
    elapsed = processCpuMs() - started;
  }
  if (sink === 0) throw new Error('the translation wrote nothing');
  return (chunks / elapsed) * 1000;
}

export interface TranslateFigures {
  chatToAnthropic: number;
  anthropicToChat: number;
  chatToAnthropicWithSse: number;
  anthropicToChatWithSse: number;
}

export function measureTranslation(durationMs: number): TranslateFigures {
  const chatToAnthropic = direction('openai-chat', 'anthropic-messages');
  const anthropicToChat = direction('anthropic-messages', 'openai-chat');
  return {
    chatToAnthropic: chunksPerSecond(chatToAnthropic, durationMs, false),
    anthropicToChat: chunksPerSecond(anthropicToChat, durationMs, false),
    chatToAnthropicWithSse: chunksPerSecond(chatToAnthropic, durationMs, true),
    anthropicToChatWithSse: chunksPerSecond(anthropicToChat, durationMs, true),
  };
}
