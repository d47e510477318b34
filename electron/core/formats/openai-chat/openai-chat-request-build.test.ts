import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { buildOpenAiChatRequest, parseOpenAiChatRequest } from './openai-chat-request.js';

const context = createFixedContext();
const parse = (body: unknown) => parseOpenAiChatRequest(body, {});

const canonicalBase: CanonicalRequest = { model: 'claude-x', system: [], messages: [], tools: [], stream: false };

describe('buildOpenAiChatRequest', () => {
  it('joins system blocks into one leading system message and emits tool results right after the tool calls', () => {
    const body = buildOpenAiChatRequest(
      {
        ...canonicalBase,
        system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Be careful.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'List files' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'I should run ls.', signature: 'EqQB', signatureFormat: 'anthropic-messages' },
              { type: 'text', text: 'Running ls.' },
              { type: 'tool-call', id: 'toolu_1', name: 'bash', arguments: '{"cmd":"ls"}' },
              { type: 'tool-call', id: 'toolu_2', name: 'bash', arguments: '{"cmd":"pwd"}' },
            ],
          },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'a.txt' }] },
              { type: 'tool-result', toolCallId: 'toolu_2', content: [{ type: 'text', text: '/home' }], isError: false },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
        ],
      },
      'llama3.2',
      context,
    );
    expect(body).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'You are Claude Code.\n\nBe careful.' },
        { role: 'user', content: 'List files' },
        {
          role: 'assistant',
          content: 'Running ls.',
          reasoning_content: 'I should run ls.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'bash', arguments: '{"cmd":"ls"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'bash', arguments: '{"cmd":"pwd"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: 'a.txt' },
        { role: 'tool', tool_call_id: 'toolu_2', content: '/home' },
        { role: 'user', content: 'And now?' },
      ],
    });
    expect(JSON.stringify(body)).not.toContain('EqQB');
  });

  it('maps tools, tool_choice, sampling, limits, stop, reasoning and always asks for usage when streaming', () => {
    const body = buildOpenAiChatRequest(
      {
        ...canonicalBase,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        tools: [
          { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true },
          { type: 'builtin', format: 'anthropic-messages', definition: { type: 'web_search_20250305', name: 'web_search' } },
        ],
        toolChoice: { type: 'tool', name: 'get_weather' },
        parallelToolCalls: false,
        maxOutputTokens: 1024,
        temperature: 0.7,
        topP: 0.95,
        topK: 40,
        stopSequences: ['###'],
        reasoning: { budgetTokens: 8192 },
        stream: true,
        includeUsage: false,
        user: 'u1',
      },
      'qwen3',
      context,
    );
    expect(body).toEqual({
      model: 'qwen3',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      max_tokens: 1024,
      temperature: 0.7,
      top_p: 0.95,
      stop: ['###'],
      reasoning_effort: 'medium',
      user: 'u1',
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('omits tool_choice and parallel_tool_calls when no tool survives', () => {
    const body = buildOpenAiChatRequest(
      {
        ...canonicalBase,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
        tools: [{ type: 'builtin', format: 'gemini', definition: { googleSearch: {} } }],
        toolChoice: { type: 'auto' },
        parallelToolCalls: true,
      },
      'm',
      context,
    );
    expect(body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('sends images as image_url parts (base64 as a data URL) and tool-result images in a following user message', () => {
    const body = buildOpenAiChatRequest(
      {
        ...canonicalBase,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQ' } },
              { type: 'image', source: { kind: 'url', url: 'https://example.com/b.png' } },
            ],
          },
          { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'screenshot', arguments: '{}' }] },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'c1',
                content: [
                  { type: 'text', text: 'captured' },
                  { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
                ],
              },
            ],
          },
        ],
      },
      'm',
      context,
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
        ],
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'screenshot', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'captured' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO' } }] },
    ]);
  });

  it('puts back what a Chat client sent that no canonical slot holds', () => {
    const clientBody = {
      model: 'gpt-4o',
      messages: [
        { role: 'user', name: 'alice', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }] },
        { role: 'assistant', content: 'ok', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'r' },
      ],
      seed: 3,
      response_format: { type: 'json_object' },
      top_k: 20,
      stream: true,
    };
    const body = buildOpenAiChatRequest(parse(clientBody), 'local', context);
    expect(body).toEqual({
      model: 'local',
      messages: [
        { role: 'user', name: 'alice', content: [{ type: 'image_url', image_url: { detail: 'low', url: 'https://x/y.png' } }] },
        { role: 'assistant', content: 'ok', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'r' },
      ],
      seed: 3,
      response_format: { type: 'json_object' },
      top_k: 20,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('refuses a file given by URL, which Chat cannot carry', () => {
    expect(() =>
      buildOpenAiChatRequest(
        {
          ...canonicalBase,
          messages: [{ role: 'user', content: [{ type: 'file', source: { kind: 'url', url: 'https://x/a.pdf' } }] }],
        },
        'm',
        context,
      ),
    ).toThrow(BadRequestError);
  });
});
