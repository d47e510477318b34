import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseAnthropicMessagesRequest } from './anthropic-messages-request.js';

const parse = (body: unknown, options = {}) => parseAnthropicMessagesRequest(body, options);

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('parseAnthropicMessagesRequest', () => {
  it('maps a Claude Code style request: system blocks, tools, thinking, metadata, multi-turn with tool results', () => {
    const request = parse({
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      stream: true,
      system: [
        { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Be brief.' },
      ],
      tools: [{ ...weatherTool, cache_control: { type: 'ephemeral' } }, { type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 10000 },
      metadata: { user_id: 'user_abc_account_1_session_2' },
      context_management: { edits: [{ type: 'clear_thinking_20251015' }] },
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use the tool.', signature: 'EqQBsig' },
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      system: [
        {
          type: 'text',
          text: "You are Claude Code, Anthropic's official CLI for Claude.",
          providerMetadata: { 'anthropic-messages': { cache_control: { type: 'ephemeral' } } },
        },
        { type: 'text', text: 'Be brief.' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Use the tool.', signature: 'EqQBsig', signatureFormat: 'anthropic-messages' },
            { type: 'text', text: 'Let me check.' },
            { type: 'tool-call', id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"Paris"}' },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'toolu_01A',
              toolName: 'get_weather',
              content: [{ type: 'text', text: '18°C' }],
              providerMetadata: { 'anthropic-messages': { cache_control: { type: 'ephemeral' } } },
            },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: weatherTool.input_schema,
          providerMetadata: { 'anthropic-messages': { cache_control: { type: 'ephemeral' } } },
        },
        { type: 'builtin', format: 'anthropic-messages', definition: { type: 'web_search_20250305', name: 'web_search', max_uses: 5 } },
      ],
      toolChoice: { type: 'auto' },
      parallelToolCalls: false,
      maxOutputTokens: 32000,
      reasoning: { budgetTokens: 10000, effort: 'high' },
      stream: true,
      user: 'user_abc_account_1_session_2',
      providerMetadata: { 'anthropic-messages': { context_management: { edits: [{ type: 'clear_thinking_20251015' }] } } },
    });
  });

  it('puts tool results before the rest of the same user turn, keeping the order inside each group', () => {
    const request = parse({
      model: 'm',
      max_tokens: 10,
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'a', name: 'one', input: {} },
            { type: 'tool_use', id: 'b', name: 'two', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'first' },
            { type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'A' }], is_error: true },
            { type: 'text', text: 'second' },
            { type: 'tool_result', tool_use_id: 'b' },
          ],
        },
      ],
    });
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'a', toolName: 'one', content: [{ type: 'text', text: 'A' }], isError: true },
          { type: 'tool-result', toolCallId: 'b', toolName: 'two', content: [] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
    ]);
  });

  it('maps images, documents and images inside tool results', () => {
    const request = parse({
      model: 'm',
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'spec.pdf' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' }, context: 'notes' },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
          ],
        },
      ],
    });
    expect(request.messages[0].content).toEqual([
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, filename: 'spec.pdf' },
      {
        type: 'file',
        source: { kind: 'base64', mediaType: 'text/plain', data: Buffer.from('hello').toString('base64') },
        providerMetadata: { 'anthropic-messages': { context: 'notes' } },
      },
      { type: 'file', source: { kind: 'url', url: 'https://example.com/a.pdf', mediaType: 'application/pdf' } },
    ]);
  });

  it('restores the format of foreign signatures (sy:<format>:) and keeps redacted thinking', () => {
    const request = parse({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'a', signature: 'sy:openai-responses:gAAAAenc' },
            { type: 'thinking', thinking: 'b', signature: 'sy:not-a-format:x' },
            { type: 'thinking', thinking: 'c', signature: '' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'done' },
          ],
        },
      ],
    });
    expect(request.messages[1].content).toEqual([
      { type: 'reasoning', text: 'a', signature: 'gAAAAenc', signatureFormat: 'openai-responses' },
      { type: 'reasoning', text: 'b', signature: 'sy:not-a-format:x', signatureFormat: 'anthropic-messages' },
      { type: 'reasoning', text: 'c' },
      { type: 'reasoning', text: '', redactedData: 'opaque' },
      { type: 'text', text: 'done' },
    ]);
  });

  it.each([
    [{ type: 'auto' }, { toolChoice: { type: 'auto' } }],
    [{ type: 'any' }, { toolChoice: { type: 'required' } }],
    [{ type: 'tool', name: 'get_weather' }, { toolChoice: { type: 'tool', name: 'get_weather' } }],
    [{ type: 'none' }, { toolChoice: { type: 'none' } }],
    [{ type: 'any', disable_parallel_tool_use: true }, { toolChoice: { type: 'required' }, parallelToolCalls: false }],
  ])('maps tool_choice %o', (toolChoice, expected) => {
    const request = parse({ model: 'm', max_tokens: 10, tools: [weatherTool], tool_choice: toolChoice, messages: [{ role: 'user', content: 'x' }] });
    expect({ toolChoice: request.toolChoice, ...(request.parallelToolCalls === undefined ? {} : { parallelToolCalls: request.parallelToolCalls }) }).toEqual(expected);
  });

  it('maps sampling fields, stop sequences, system as a string and thinking disabled', () => {
    const request = parse({
      model: 'm',
      max_tokens: 99,
      system: 'You are terse.',
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END', '###'],
      thinking: { type: 'disabled' },
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(request).toMatchObject({
      system: [{ type: 'text', text: 'You are terse.' }],
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END', '###'],
      maxOutputTokens: 99,
      reasoning: { effort: 'none' },
      stream: false,
    });
  });

  it('keeps adaptive thinking in providerMetadata and reads the effort from output_config', () => {
    const request = parse({
      model: 'm',
      max_tokens: 10,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'max' },
      service_tier: 'auto',
      metadata: { user_id: 'u', tag: 'x' },
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(request.reasoning).toEqual({ effort: 'xhigh' });
    expect(request.user).toBe('u');
    expect(request.providerMetadata).toEqual({
      'anthropic-messages': { output_config: { effort: 'max' }, service_tier: 'auto', metadata: { tag: 'x' }, thinking: { type: 'adaptive' } },
    });
  });

  it('keeps server-tool blocks it cannot map, with their position, in the message providerMetadata', () => {
    const search = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } };
    const request = parse({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'search' },
        { role: 'assistant', content: [search, { type: 'text', text: 'found' }] },
      ],
    });
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'found' }],
      providerMetadata: { 'anthropic-messages': { unmapped_blocks: [{ index: 0, block: search }] } },
    });
  });

  it('keeps server tools whole, including ones without a name', () => {
    const toolset = { type: 'mcp_toolset', mcp_server_name: 'docs', default_config: { enabled: true } };
    const request = parse({ model: 'm', max_tokens: 5, tools: [toolset], messages: [{ role: 'user', content: 'x' }] });
    expect(request.tools).toEqual([{ type: 'builtin', format: 'anthropic-messages', definition: toolset }]);
  });

  it('takes the model from the route when given, and the stream flag from the route over the body', () => {
    expect(parse({ max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { model: 'routed' }).model).toBe('routed');
    expect(parse({ model: 'm', stream: false, max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }, { stream: true }).stream).toBe(true);
  });

  const valid = { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] };
  it.each([
    ['missing model', { max_tokens: 10, messages: valid.messages }, 'model'],
    ['missing max_tokens', { model: 'm', messages: valid.messages }, 'max_tokens'],
    ['zero max_tokens', { ...valid, max_tokens: 0 }, 'max_tokens'],
    ['fractional max_tokens', { ...valid, max_tokens: 1.5 }, 'max_tokens'],
    ['string max_tokens', { ...valid, max_tokens: '10' }, 'max_tokens'],
    ['empty messages', { ...valid, messages: [] }, 'messages'],
    ['messages not an array', { ...valid, messages: 'hi' }, 'messages'],
    ['bad role', { ...valid, messages: [{ role: 'system', content: 'x' }] }, 'messages[0].role'],
    ['numeric content', { ...valid, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['unknown block type', { ...valid, messages: [{ role: 'user', content: [{ type: 'video' }] }] }, 'messages[0].content[0].type'],
    ['text without text', { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text'],
    ['tool_use in a user turn', { ...valid, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, 'messages[0].content[0].type'],
    ['bad image source', { ...valid, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }] }] }, 'messages[0].content[0].source.data'],
    ['custom tool without input_schema', { ...valid, tools: [{ name: 'f' }] }, 'tools[0].input_schema'],
    ['custom tool without name', { ...valid, tools: [{ input_schema: { type: 'object' } }] }, 'tools[0].name'],
    ['temperature above 1', { ...valid, temperature: 1.5 }, 'temperature'],
    ['temperature as text', { ...valid, temperature: 'hot' }, 'temperature'],
    ['tool_choice tool without name', { ...valid, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
    ['thinking without budget', { ...valid, thinking: { type: 'enabled' } }, 'thinking.budget_tokens'],
    ['stop_sequences not strings', { ...valid, stop_sequences: [1] }, 'stop_sequences[0]'],
    ['system with a number', { ...valid, system: 3 }, 'system'],
  ])('rejects %s with a BadRequestError naming %s', (_name, body, param) => {
    let caught: unknown;
    try {
      parse(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect((caught as BadRequestError).param).toBe(param);
    expect((caught as BadRequestError).status).toBe(400);
  });

  it.each([null, 'text', 42, [1, 2]])('rejects the non-object body %o', (body) => {
    expect(() => parse(body)).toThrow(BadRequestError);
  });

  it('keeps "__proto__" keys in tool input, at any depth, as the model wrote them', () => {
    const input = JSON.parse('{"__proto__":{"x":1},"nested":{"__proto__":false}}') as Record<string, unknown>;
    const request = parse({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
      ],
    });
    const call = request.messages[1].content[0];
    expect(call.type === 'tool-call' && call.arguments).toBe('{"__proto__":{"x":1},"nested":{"__proto__":false}}');
  });
});
