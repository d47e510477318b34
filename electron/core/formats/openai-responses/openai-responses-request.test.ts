import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { buildOpenAiResponsesRequest, codexRefusedFields, parseOpenAiResponsesRequest } from './openai-responses-request.js';

const parse = (body: unknown) => parseOpenAiResponsesRequest(body, {});
const build = (request: CanonicalRequest) => buildOpenAiResponsesRequest(request, 'gpt-5-codex', createFixedContext('client-model'));

function expectBadRequest(body: unknown, param: string): void {
  let caught: unknown;
  try {
    parse(body);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(BadRequestError);
  expect((caught as BadRequestError).param).toBe(param);
  expect((caught as BadRequestError).status).toBe(400);
}

/** A Codex CLI turn: instructions, developer text, history with reasoning, parallel calls, results. */
const codexBody = {
  model: 'gpt-5-codex',
  instructions: 'You are Codex.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: workspace-write' }] },
    {
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'What is in these?' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' },
        { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
        { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'spec.pdf' },
      ],
    },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan A' }, { type: 'summary_text', text: 'Plan B' }], encrypted_content: 'gAAAAenc' },
    { type: 'message', role: 'assistant', id: 'msg_1', content: [{ type: 'output_text', text: 'Looking.' }] },
    { type: 'function_call', id: 'fc_1', call_id: 'call_a', name: 'shell', arguments: '{"command":["ls"]}' },
    { type: 'function_call', call_id: 'call_b', name: 'shell', arguments: '{"command":["pwd"]}' },
    { type: 'function_call_output', call_id: 'call_a', output: 'README.md' },
    { type: 'function_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: '/work' }, { type: 'input_image', image_url: 'https://example.com/s.png' }] },
    { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch' },
    { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Done' },
    { role: 'user', content: 'Thanks' },
  ],
  tools: [
    { type: 'function', name: 'shell', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'array' } } }, strict: false },
    { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
    { type: 'web_search' },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { effort: 'high', summary: 'detailed' },
  max_output_tokens: 2048,
  temperature: 0.2,
  top_p: 0.9,
  stream: true,
  store: false,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'thread-1',
  text: { verbosity: 'low' },
  previous_response_id: 'resp_prev',
  user: 'end-user-1',
};

describe('parseOpenAiResponsesRequest', () => {
  it('maps a Codex CLI turn onto canonical system, grouped messages, tools and settings', () => {
    const request = parse(codexBody);
    expect(request.model).toBe('gpt-5-codex');
    expect(request.system).toEqual([
      { type: 'text', text: 'You are Codex.' },
      { type: 'text', text: 'Sandbox: workspace-write' },
    ]);
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'user']);
    expect(request.messages[0].content).toEqual([
      { type: 'text', text: 'What is in these?' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, providerMetadata: { 'openai-responses': { detail: 'high' } } },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, filename: 'spec.pdf' },
    ]);
    expect(request.messages[1].content).toEqual([
      {
        type: 'reasoning',
        text: 'Plan A\n\nPlan B',
        signature: 'gAAAAenc',
        signatureFormat: 'openai-responses',
        providerMetadata: { 'openai-responses': { itemId: 'rs_1' } },
      },
      { type: 'text', text: 'Looking.', providerMetadata: { 'openai-responses': { itemId: 'msg_1' } } },
      { type: 'tool-call', id: 'call_a', name: 'shell', arguments: '{"command":["ls"]}', providerMetadata: { 'openai-responses': { itemId: 'fc_1' } } },
      { type: 'tool-call', id: 'call_b', name: 'shell', arguments: '{"command":["pwd"]}' },
    ]);
    expect(request.messages[2].content).toEqual([
      { type: 'tool-result', toolCallId: 'call_a', toolName: 'shell', content: [{ type: 'text', text: 'README.md' }] },
      {
        type: 'tool-result',
        toolCallId: 'call_b',
        toolName: 'shell',
        content: [
          { type: 'text', text: '/work' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/s.png' } },
        ],
      },
    ]);
    expect(request.messages[3].content).toEqual([{ type: 'tool-call', id: 'call_p', name: 'apply_patch', arguments: '*** Begin Patch', kind: 'custom' }]);
    expect(request.messages[4].content[0]).toMatchObject({ toolCallId: 'call_p', toolName: 'apply_patch', providerMetadata: { 'openai-responses': { type: 'custom_tool_call_output' } } });
    expect(request.tools).toEqual([
      { type: 'function', name: 'shell', description: 'Run a command', parameters: { type: 'object', properties: { command: { type: 'array' } } }, strict: false },
      { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      { type: 'builtin', format: 'openai-responses', definition: { type: 'web_search' } },
    ]);
    expect(request).toMatchObject({
      toolChoice: { type: 'auto' },
      parallelToolCalls: true,
      reasoning: { effort: 'high', summary: 'detailed' },
      maxOutputTokens: 2048,
      temperature: 0.2,
      topP: 0.9,
      stream: true,
      user: 'end-user-1',
    });
    expect(request.providerMetadata).toEqual({
      'openai-responses': {
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'thread-1',
        text: { verbosity: 'low' },
        previous_response_id: 'resp_prev',
      },
    });
  });

  it('turns a string input into one user message and takes the model from the route when given', () => {
    const request = parseOpenAiResponsesRequest({ input: 'hello' }, { model: 'from-route' });
    expect(request.model).toBe('from-route');
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hello' }] }]);
    expect(request.stream).toBe(false);
  });

  it('maps tool_choice forms, and keeps one it cannot map in providerMetadata', () => {
    const base = { model: 'm', input: 'x' };
    expect(parse({ ...base, tool_choice: 'required' }).toolChoice).toEqual({ type: 'required' });
    expect(parse({ ...base, tool_choice: 'none' }).toolChoice).toEqual({ type: 'none' });
    expect(parse({ ...base, tool_choice: { type: 'function', name: 'shell' } }).toolChoice).toEqual({ type: 'tool', name: 'shell' });
    expect(parse({ ...base, tool_choice: { type: 'custom', name: 'apply_patch' } }).toolChoice).toEqual({ type: 'tool', name: 'apply_patch' });
    const allowed = { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'shell' }] };
    const request = parse({ ...base, tool_choice: allowed });
    expect(request.toolChoice).toBeUndefined();
    expect(request.providerMetadata?.['openai-responses']?.tool_choice).toEqual(allowed);
  });

  it('decodes prefixed encrypted_content back into a foreign signature or redacted data', () => {
    const request = parse({
      model: 'm',
      input: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'hmm' }], encrypted_content: 'sy:anthropic-messages:EqQBsig' },
        { type: 'reasoning', summary: [], encrypted_content: 'sy:redacted:EmwKAhgB' },
        { type: 'reasoning', summary: [], encrypted_content: 'sy:unknown-format:abc' },
      ],
    });
    expect(request.messages[0].content).toEqual([
      { type: 'reasoning', text: 'hmm', signature: 'EqQBsig', signatureFormat: 'anthropic-messages' },
      { type: 'reasoning', text: '', redactedData: 'EmwKAhgB' },
      { type: 'reasoning', text: '', signature: 'sy:unknown-format:abc', signatureFormat: 'openai-responses' },
    ]);
  });

  it('keeps items with no canonical slot in order and gives them back to a Responses upstream', () => {
    const search = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'x' } };
    const reference = { type: 'item_reference', id: 'msg_0' };
    const request = parse({
      model: 'm',
      input: [
        reference,
        { role: 'user', content: 'find x' },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAA1' },
        search,
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Found.' }] },
      ],
    });
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    const input = build(request).input;
    expect(input).toEqual([
      reference,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'find x' }] },
      { type: 'reasoning', summary: [], encrypted_content: 'gAAAA1' },
      search,
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Found.' }] },
    ]);
  });

  it('rejects bad input with a 400 naming the field', () => {
    expectBadRequest({ input: 'hi' }, 'model');
    expectBadRequest({ model: 'm' }, 'input');
    expectBadRequest({ model: 'm', input: [] }, 'input');
    expectBadRequest({ model: 'm', input: 42 }, 'input');
    expectBadRequest({ model: 5, input: 'x' }, 'model');
    expectBadRequest({ model: 'm', input: ['text'] }, 'input[0]');
    expectBadRequest({ model: 'm', input: [{ role: 'robot', content: 'x' }] }, 'input[0].role');
    expectBadRequest({ model: 'm', input: [{ role: 'user' }] }, 'input[0].content');
    expectBadRequest({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_video' }] }] }, 'input[0].content[1].type');
    expectBadRequest({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 7 }] }] }, 'input[0].content[0].text');
    expectBadRequest({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_image' }] }] }, 'input[0].content[0].image_url');
    expectBadRequest({ model: 'm', input: [{ role: 'system', content: [{ type: 'input_image', image_url: 'https://x' }] }] }, 'input[0].content[0].type');
    expectBadRequest({ model: 'm', input: [{ role: 'user', content: 'x' }, { type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[1].call_id');
    expectBadRequest({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 3 }] }, 'input[0].output');
    expectBadRequest({ model: 'm', input: [{ type: 7 }] }, 'input[0].type');
    expectBadRequest({ model: 'm', input: 'x', tools: [{ type: 'function', parameters: {} }] }, 'tools[0].name');
    expectBadRequest({ model: 'm', input: 'x', tools: [{ name: 'f' }] }, 'tools[0].type');
    expectBadRequest({ model: 'm', input: 'x', tool_choice: { type: 'function' } }, 'tool_choice.name');
    expectBadRequest({ model: 'm', input: 'x', tool_choice: 'sometimes' }, 'tool_choice');
    expectBadRequest({ model: 'm', input: 'x', temperature: 'hot' }, 'temperature');
    expectBadRequest({ model: 'm', input: 'x', max_output_tokens: -1 }, 'max_output_tokens');
    expectBadRequest({ model: 'm', input: 'x', reasoning: { effort: 'extreme' } }, 'reasoning.effort');
    expect(() => parse(null)).toThrow(BadRequestError);
    expect(() => parse([])).toThrow(BadRequestError);
  });
});

const canonical: CanonicalRequest = {
  model: 'client-model',
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' } },
        { type: 'file', source: { kind: 'url', url: 'https://example.com/a.pdf' }, filename: 'a.pdf' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Own reasoning', signature: 'gAAAAown', signatureFormat: 'openai-responses' },
        { type: 'reasoning', text: 'Claude thinking', signature: 'EqQB', signatureFormat: 'anthropic-messages' },
        { type: 'reasoning', text: 'Chat reasoning_content' },
        { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool-call', id: 'call_2', name: 'apply_patch', arguments: 'patch text', kind: 'custom' },
      ],
    },
    {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'Sunny' }] },
        { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'Applied' }] },
      ],
    },
    { role: 'assistant', content: [{ type: 'text', text: 'It is sunny.' }] },
  ],
  tools: [
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    { type: 'custom', name: 'apply_patch' },
    { type: 'builtin', format: 'anthropic-messages', definition: { type: 'web_search_20250305', name: 'web_search' } },
  ],
  toolChoice: { type: 'tool', name: 'get_weather' },
  maxOutputTokens: 1000,
  temperature: 0.5,
  topP: 0.8,
  stopSequences: ['END'],
  user: 'u1',
  stream: false,
};

describe('buildOpenAiResponsesRequest (Codex backend body)', () => {
  it('builds developer messages, top-level calls without empty assistant messages, and outputs in order', () => {
    const body = build(canonical);
    expect(body).toEqual({
      model: 'gpt-5-codex',
      instructions: '',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look' },
            { type: 'input_image', image_url: 'data:image/jpeg;base64,AAAA' },
            { type: 'input_file', file_url: 'https://example.com/a.pdf', filename: 'a.pdf' },
          ],
        },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Own reasoning' }], encrypted_content: 'gAAAAown' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: 'patch text' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
        { type: 'custom_tool_call_output', call_id: 'call_2', output: 'Applied' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is sunny.' }] },
      ],
      tools: [
        { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
        { type: 'custom', name: 'apply_patch' },
      ],
      tool_choice: { type: 'function', name: 'get_weather' },
      parallel_tool_calls: true,
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      store: false,
      stream: true,
    });
  });

  it('never sends the fields the Codex backend refuses, even when the client sent them', () => {
    const body = build(parse(codexBody));
    for (const field of codexRefusedFields) expect(body).not.toHaveProperty(field);
    expect(body).toMatchObject({ store: false, stream: true, prompt_cache_key: 'thread-1', text: { verbosity: 'low' } });
    expect(body.reasoning).toEqual({ effort: 'high', summary: 'detailed' });
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect(body.tools).toContainEqual({ type: 'web_search' });
  });

  it('keeps store false and merges include entries from the client', () => {
    const request = parse({ model: 'm', input: 'x', store: true, include: ['file_search_call.results'], service_tier: 'flex', metadata: { a: 'b' } });
    const body = build(request);
    expect(body.store).toBe(false);
    expect(body.include).toEqual(['file_search_call.results', 'reasoning.encrypted_content']);
    expect(body).not.toHaveProperty('service_tier');
    expect(body.metadata).toEqual({ a: 'b' });
    expect(build(parse({ model: 'm', input: 'x', service_tier: 'priority' })).service_tier).toBe('priority');
  });

  it('maps reasoning effort: none sends no include, a budget becomes an effort', () => {
    const base: CanonicalRequest = { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }], tools: [], stream: true };
    const none = build({ ...base, reasoning: { effort: 'none' } });
    expect(none.reasoning).toEqual({ effort: 'none' });
    expect(none).not.toHaveProperty('include');
    expect(build({ ...base, reasoning: { budgetTokens: 24_000 } }).reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(build({ ...base, reasoning: { effort: 'low', summary: 'none' } }).reasoning).toEqual({ effort: 'low' });
  });

  it('maps tool_choice per the §6 table', () => {
    const base: CanonicalRequest = { ...canonical, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    expect(build({ ...base, toolChoice: { type: 'auto' } }).tool_choice).toBe('auto');
    expect(build({ ...base, toolChoice: { type: 'required' } }).tool_choice).toBe('required');
    expect(build({ ...base, toolChoice: { type: 'none' } }).tool_choice).toBe('none');
    expect(build({ ...base, toolChoice: { type: 'tool', name: 'apply_patch' } }).tool_choice).toEqual({ type: 'custom', name: 'apply_patch' });
    expect(build({ ...base, toolChoice: undefined }).tool_choice).toBe('auto');
  });

  it('shortens long tool names the same way in tools, tool_choice and history', () => {
    const longName = `mcp__${'s'.repeat(40)}__read_a_file_with_a_long_name`;
    const request: CanonicalRequest = {
      model: 'm',
      system: [],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: longName, arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'ok' }] }] },
      ],
      tools: [{ type: 'function', name: longName, parameters: { type: 'object' } }],
      toolChoice: { type: 'tool', name: longName },
      stream: true,
    };
    const body = build(request);
    expect(body.tools).toEqual([{ type: 'function', name: 'mcp__read_a_file_with_a_long_name', parameters: { type: 'object' }, strict: false }]);
    expect(body.tool_choice).toEqual({ type: 'function', name: 'mcp__read_a_file_with_a_long_name' });
    expect(body.input).toContainEqual({ type: 'function_call', call_id: 'c1', name: 'mcp__read_a_file_with_a_long_name', arguments: '{}' });
  });

  it('sends a multi-part tool result as an array and a file_id image by its id', () => {
    const body = build({
      model: 'm',
      system: [],
      tools: [],
      stream: true,
      messages: [
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c',
              content: [
                { type: 'text', text: 'see' },
                { type: 'image', source: { kind: 'url', url: 'file-1' }, providerMetadata: { 'openai-responses': { file_id: 'file-1' } } },
              ],
            },
          ],
        },
      ],
    });
    expect(body.input).toEqual([
      { type: 'function_call_output', call_id: 'c', output: [{ type: 'input_text', text: 'see' }, { type: 'input_image', file_id: 'file-1' }] },
    ]);
  });
});
