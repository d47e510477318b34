import { describe, expect, it } from 'vitest';
import { aggregateParts } from '../../canonical/aggregate-parts.js';
import type { CanonicalPart } from '../../canonical/canonical-parts.js';
import { createFixedContext, type TranslationContext } from '../../canonical/translation-context.js';
import { readChunksFixture } from '../../../../test/helpers/chunks-fixture.js';
import type { StreamFrame } from '../wire-format.js';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder.js';

const fixture = (name: string) => readChunksFixture(new URL(`./__fixtures__/${name}`, import.meta.url));

function decode(frames: StreamFrame[], context: TranslationContext = createFixedContext('client-model')): CanonicalPart[] {
  const decoder = new OpenAiResponsesStreamDecoder(context);
  const parts = frames.flatMap((frame) => decoder.push(frame));
  return [...parts, ...decoder.end()];
}

const defaults = { id: 'x', model: 'x', created: 0 };
const own = (metadata: Record<string, string>) => ({ 'openai-responses': metadata });

describe('OpenAiResponsesStreamDecoder on recorded streams', () => {
  it('maps a plain text stream and the usage on response.completed', () => {
    expect(decode(fixture('text.chunks.txt'))).toEqual([
      { type: 'response-start', id: 'resp_1', model: 'gpt-5-codex', created: 1_700_000_000 },
      { type: 'text-start', id: 'msg_1' },
      { type: 'text-delta', id: 'msg_1', delta: 'Hel' },
      { type: 'text-delta', id: 'msg_1', delta: 'lo, world!' },
      { type: 'text-end', id: 'msg_1', providerMetadata: own({ itemId: 'msg_1' }) },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 12, outputTokens: 4, cachedInputTokens: 0, reasoningTokens: 0 } },
    ]);
  });

  it('maps reasoning with encrypted_content, text and two parallel function calls', () => {
    const parts = decode(fixture('reasoning-parallel-tools.chunks.txt'));
    expect(parts.filter((part) => part.type.startsWith('reasoning'))).toEqual([
      { type: 'reasoning-start', id: 'rs_1' },
      { type: 'reasoning-delta', id: 'rs_1', delta: '**Planning**' },
      { type: 'reasoning-delta', id: 'rs_1', delta: ' both lookups' },
      { type: 'reasoning-delta', id: 'rs_1', delta: '\n\n' },
      { type: 'reasoning-delta', id: 'rs_1', delta: 'Calling them in parallel.' },
      {
        type: 'reasoning-end',
        id: 'rs_1',
        signature: 'gAAAAABoEncryptedReasoning==',
        signatureFormat: 'openai-responses',
        providerMetadata: own({ itemId: 'rs_1' }),
      },
    ]);
    expect(parts.filter((part) => part.type.startsWith('tool-input'))).toEqual([
      { type: 'tool-input-start', id: 'call_a', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_a', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_a', delta: '"Paris"}' },
      { type: 'tool-input-end', id: 'call_a', providerMetadata: own({ itemId: 'fc_1' }) },
      { type: 'tool-input-start', id: 'call_b', toolName: 'get_time' },
      { type: 'tool-input-delta', id: 'call_b', delta: '{"zone":"CET"}' },
      { type: 'tool-input-end', id: 'call_b', providerMetadata: own({ itemId: 'fc_2' }) },
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 64, reasoningTokens: 12 },
    });
    const response = aggregateParts(parts, defaults);
    expect(response.content.map((block) => block.type)).toEqual(['reasoning', 'text', 'tool-call', 'tool-call']);
    expect(response.content[0]).toMatchObject({ text: '**Planning** both lookups\n\nCalling them in parallel.' });
    expect(response.content[1]).toMatchObject({ type: 'text', text: 'Checking both.' });
  });

  it('turns an error event mid-stream into one error part and ignores the response.failed after it', () => {
    const parts = decode(fixture('error-mid-stream.chunks.txt'));
    expect(parts.map((part) => part.type)).toEqual(['response-start', 'text-start', 'text-delta', 'error']);
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'rate_limited',
        status: 429,
        retryable: true,
        message: 'Rate limit reached for gpt-5-codex. Please try again in 20s.',
        upstreamType: 'rate_limit_exceeded',
      },
    });
  });

  it('turns response.failed into an error part', () => {
    expect(decode(fixture('failed.chunks.txt')).at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'upstream_error',
        status: 502,
        retryable: true,
        message: 'The server had an error while processing your request.',
        upstreamType: 'server_error',
      },
    });
  });

  it('maps response.incomplete with max_output_tokens to a length finish', () => {
    const parts = decode(fixture('incomplete.chunks.txt'));
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'length',
      rawFinishReason: 'max_output_tokens',
      usage: { inputTokens: 8, outputTokens: 16, cachedInputTokens: 0, reasoningTokens: 0 },
    });
    expect(aggregateParts(parts, defaults).content).toEqual([
      { type: 'text', text: 'A very long ans', providerMetadata: own({ itemId: 'msg_5' }) },
    ]);
  });

  it('maps content_filter on response.incomplete', () => {
    const parts = decode([
      { event: 'response.incomplete', data: '{"type":"response.incomplete","response":{"incomplete_details":{"reason":"content_filter"}}}' },
    ]);
    expect(parts).toEqual([{ type: 'finish', finishReason: 'content-filter', rawFinishReason: 'content_filter' }]);
  });

  it('decodes the smallest stream Codex accepts (no added or delta events)', () => {
    const parts = decode(fixture('minimal.chunks.txt'));
    expect(parts).toEqual([
      { type: 'response-start', id: 'resp_6', model: '', created: 0 },
      { type: 'text-start', id: 'msg_6' },
      { type: 'text-delta', id: 'msg_6', delta: 'fixture hello' },
      { type: 'text-end', id: 'msg_6', providerMetadata: own({ itemId: 'msg_6' }) },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('emits unstreamed arguments from the finished item, maps shortened names back, and decodes custom tool calls', () => {
    const longName = 'mcp__a_server_with_a_remarkably_long_name_for_testing_purposes__list_everything_in_the_repository';
    const context = { ...createFixedContext('client-model'), originalToolNames: ['apply_patch', longName] };
    const parts = decode(fixture('custom-and-unstreamed-tools.chunks.txt'), context);
    expect(parts.slice(1)).toEqual([
      { type: 'tool-input-start', id: 'call_long', toolName: longName },
      { type: 'tool-input-delta', id: 'call_long', delta: '{"depth":2}' },
      { type: 'tool-input-end', id: 'call_long', providerMetadata: own({ itemId: 'fc_7' }) },
      { type: 'tool-input-start', id: 'call_patch', toolName: 'apply_patch', kind: 'custom' },
      { type: 'tool-input-delta', id: 'call_patch', delta: '*** Begin Patch\n' },
      { type: 'tool-input-delta', id: 'call_patch', delta: '*** End Patch' },
      { type: 'tool-input-end', id: 'call_patch', providerMetadata: own({ itemId: 'ctc_7' }) },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 50, outputTokens: 20 } },
    ]);
    const response = aggregateParts(parts, defaults);
    expect(response.content[1]).toMatchObject({ type: 'tool-call', kind: 'custom', arguments: '*** Begin Patch\n*** End Patch' });
  });

  it('reports a stream that ends without a terminal event as stream_interrupted (408)', () => {
    const parts = decode(fixture('interrupted.chunks.txt'));
    expect(parts.map((part) => part.type)).toEqual(['response-start', 'text-start', 'text-delta', 'error']);
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: {
        code: 'stream_interrupted',
        status: 408,
        retryable: true,
        message: 'stream disconnected before completion',
        upstreamType: 'stream_interrupted',
      },
    });
  });

  it('ignores unknown events, keepalives, [DONE] and non-JSON frames, and everything after the terminal event', () => {
    const decoder = new OpenAiResponsesStreamDecoder(createFixedContext());
    expect(decoder.push({ event: 'keepalive', data: '{"type":"keepalive"}' })).toEqual([]);
    expect(decoder.push({ data: 'not json' })).toEqual([]);
    expect(decoder.push({ data: '[DONE]' })).toEqual([]);
    expect(decoder.push({ data: '{"type":"response.web_search_call.searching","output_index":0}' })).toEqual([]);
    expect(decoder.push({ data: '{"type":"response.completed","response":{}}' })).toEqual([{ type: 'finish', finishReason: 'stop' }]);
    expect(decoder.push({ data: '{"type":"response.output_text.delta","output_index":0,"delta":"late"}' })).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('replays the output of a response.completed when no item was streamed', () => {
    const parts = decode([
      {
        data: JSON.stringify({
          type: 'response.completed',
          response: {
            id: 'resp_9',
            output: [
              { type: 'reasoning', id: 'rs_9', summary: [], encrypted_content: 'gAAAAenc' },
              { type: 'function_call', id: 'fc_9', call_id: 'call_9', name: 'shell', arguments: '{"command":["ls"]}' },
            ],
          },
        }),
      },
    ]);
    const response = aggregateParts(parts, defaults);
    expect(response.content).toEqual([
      { type: 'reasoning', text: '', signature: 'gAAAAenc', signatureFormat: 'openai-responses', providerMetadata: own({ itemId: 'rs_9' }) },
      { type: 'tool-call', id: 'call_9', name: 'shell', arguments: '{"command":["ls"]}', providerMetadata: own({ itemId: 'fc_9' }) },
    ]);
    expect(response.finishReason).toBe('tool-calls');
  });

  it('emits a text whose deltas never came from output_text.done, once', () => {
    const parts = decode([
      { data: '{"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"m"}}' },
      { data: '{"type":"response.output_text.done","output_index":0,"content_index":0,"text":"whole"}' },
      { data: '{"type":"response.content_part.done","output_index":0,"content_index":0,"part":{"type":"output_text","text":"whole"}}' },
      { data: '{"type":"response.output_item.done","output_index":0,"item":{"type":"message","id":"m","content":[{"type":"output_text","text":"whole"}]}}' },
      { data: '{"type":"response.completed","response":{}}' },
    ]);
    expect(aggregateParts(parts, defaults).content).toEqual([{ type: 'text', text: 'whole', providerMetadata: own({ itemId: 'm' }) }]);
  });

  it('reads the Codex error event variant that nests the error object', () => {
    const parts = decode([{ event: 'error', data: '{"type":"error","error":{"type":"usage_limit_reached","message":"You have hit your ChatGPT usage limit"}}' }]);
    expect(parts).toEqual([
      {
        type: 'error',
        error: { code: 'rate_limited', status: 429, retryable: true, message: 'You have hit your ChatGPT usage limit', upstreamType: 'usage_limit_reached' },
      },
    ]);
  });
});
