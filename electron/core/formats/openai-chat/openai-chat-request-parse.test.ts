import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseOpenAiChatRequest } from './openai-chat-request.js';

const parse = (body: unknown, options = {}) => parseOpenAiChatRequest(body, options);

function badRequest(body: unknown, options = {}): BadRequestError {
  try {
    parse(body, options);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected a BadRequestError');
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    strict: true,
  },
};

describe('parseOpenAiChatRequest', () => {
  it('maps system and developer messages, multi-turn history, tool calls and tool results', () => {
    const request = parse({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }], name: 'ops' },
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'Two cities, two calls.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
        { role: 'assistant', content: 'Paris 18C, Rome 24C.' },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(request.model).toBe('gpt-4o');
    expect(request.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use metric units.', providerMetadata: { 'openai-chat': { name: 'ops', role: 'developer' } } },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities, two calls.' },
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', content: [{ type: 'text', text: '18C' }] },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'get_weather', content: [{ type: 'text', text: '24C' }] },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Paris 18C, Rome 24C.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
    expect(request.stream).toBe(false);
  });

  it('maps images (data URL and http URL) and files', () => {
    const request = parse({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });
    expect(request.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      {
        type: 'image',
        source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' },
        providerMetadata: { 'openai-chat': { image_url: { detail: 'high' } } },
      },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, filename: 'a.pdf' },
    ]);
  });

  it('maps tools, tool_choice, sampling, stop, limits, reasoning effort, streaming and user', () => {
    const request = parse({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      max_completion_tokens: 512,
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'high',
      user: 'user-42',
    });
    expect(request).toMatchObject({
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weatherTool.function.parameters,
          strict: true,
        },
      ],
      toolChoice: { type: 'tool', name: 'get_weather' },
      parallelToolCalls: false,
      maxOutputTokens: 512,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
      stream: true,
      includeUsage: true,
      reasoning: { effort: 'high' },
      user: 'user-42',
    });
    expect(request.providerMetadata).toBeUndefined();
    expect(parse({ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'required', stop: ['a', 'b'], max_tokens: 7 }))
      .toMatchObject({ toolChoice: { type: 'required' }, stopSequences: ['a', 'b'], maxOutputTokens: 7 });
  });

  it('keeps unmapped request fields in providerMetadata and tolerates nulls', () => {
    const request = parse({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      n: 1,
      seed: 7,
      logit_bias: { '50256': -100 },
      response_format: { type: 'json_object' },
      frequency_penalty: 0.5,
      temperature: null,
      stop: null,
      tools: null,
    });
    expect(request.providerMetadata).toEqual({
      'openai-chat': { n: 1, seed: 7, logit_bias: { '50256': -100 }, response_format: { type: 'json_object' }, frequency_penalty: 0.5 },
    });
    expect(request.temperature).toBeUndefined();
    expect(request.stopSequences).toBeUndefined();
    expect(request.tools).toEqual([]);
  });

  it('takes the model and stream flag from the route when it gives them', () => {
    const request = parse({ messages: [{ role: 'user', content: 'hi' }] }, { model: 'from-url', stream: true });
    expect(request.model).toBe('from-url');
    expect(request.stream).toBe(true);
  });

  it('keeps tools of other types as Chat built-ins, and custom tools and calls', () => {
    const request = parse({
      model: 'm',
      messages: [
        { role: 'user', content: 'patch it' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'apply_patch', input: '*** Begin' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'done' },
      ],
      tools: [
        { type: 'custom', custom: { name: 'apply_patch', description: 'Patch files', format: { type: 'text' } } },
        { type: 'web_search_preview', search_context_size: 'low' },
      ],
    });
    expect(request.tools).toEqual([
      { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'text' } },
      { type: 'builtin', format: 'openai-chat', definition: { type: 'web_search_preview', search_context_size: 'low' } },
    ]);
    // `content: ""` beside tool calls carries no text block.
    expect(request.messages[1].content).toEqual([{ type: 'tool-call', id: 'c1', name: 'apply_patch', arguments: '*** Begin', kind: 'custom' }]);
  });
});

describe('parseOpenAiChatRequest bad input', () => {
  const message = { role: 'user', content: 'hi' };

  it.each([
    ['a missing model', { messages: [message] }, 'model'],
    ['a non-string model', { model: 5, messages: [message] }, 'model'],
    ['missing messages', { model: 'm' }, 'messages'],
    ['empty messages', { model: 'm', messages: [] }, 'messages'],
    ['an unknown role', { model: 'm', messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    ['content of the wrong type', { model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['an unknown content part', { model: 'm', messages: [{ role: 'user', content: [{ type: 'audio' }] }] }, 'messages[0].content[0].type'],
    ['a tool message without tool_call_id', { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
    [
      'a tool call without a name',
      { model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }] },
      'messages[0].tool_calls[0].function.name',
    ],
    ['a function tool without a name', { model: 'm', messages: [message], tools: [{ type: 'function', function: {} }] }, 'tools[0].function.name'],
    ['a bad tool_choice', { model: 'm', messages: [message], tool_choice: 'sometimes' }, 'tool_choice'],
    ['a string temperature', { model: 'm', messages: [message], temperature: 'hot' }, 'temperature'],
    ['an out-of-range top_p', { model: 'm', messages: [message], top_p: 3 }, 'top_p'],
    ['fractional max_tokens', { model: 'm', messages: [message], max_tokens: 1.5 }, 'max_tokens'],
    ['a numeric stop', { model: 'm', messages: [message], stop: 5 }, 'stop'],
    ['an unknown reasoning_effort', { model: 'm', messages: [message], reasoning_effort: 'extreme' }, 'reasoning_effort'],
    ['a file referenced by id', { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] }, 'messages[0].content[0].file.file_data'],
  ])('rejects %s, naming the field', (_name, body, param) => {
    expect(badRequest(body).param).toBe(param);
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, 'text', 42, [1, 2]]) expect(badRequest(body).status).toBe(400);
  });
});
