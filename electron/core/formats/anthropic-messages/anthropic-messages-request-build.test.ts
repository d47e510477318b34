import { describe, expect, it } from 'vitest';
import type { CanonicalMessage, CanonicalRequest } from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { buildAnthropicMessagesRequest, parseAnthropicMessagesRequest } from './anthropic-messages-request.js';
import { toAnthropicToolId } from './anthropic-messages-tool-ids.js';

const context = createFixedContext();

function request(overrides: Partial<CanonicalRequest>): CanonicalRequest {
  return { model: 'client-model', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, ...overrides };
}

const build = (overrides: Partial<CanonicalRequest>) => buildAnthropicMessagesRequest(request(overrides), 'claude-sonnet-4-5', context);

const weather = { type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('buildAnthropicMessagesRequest', () => {
  it('builds a Chat-style conversation: system, parallel tool calls, results merged with the next user turn', () => {
    const messages: CanonicalMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '18C' }] }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: '24C' }], isError: false }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks. Tomorrow?' }] },
    ];
    const body = build({
      system: [{ type: 'text', text: 'You are helpful.' }],
      messages,
      tools: [{ ...weather, description: 'Weather' }],
      toolChoice: { type: 'required' },
      maxOutputTokens: 500,
      temperature: 0.2,
      stopSequences: ['END'],
      stream: true,
      user: 'user-1',
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 500,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '24C' },
            { type: 'text', text: 'Thanks. Tomorrow?' },
          ],
        },
      ],
      system: [{ type: 'text', text: 'You are helpful.' }],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: weather.parameters }],
      tool_choice: { type: 'any' },
      temperature: 0.2,
      stop_sequences: ['END'],
      stream: true,
      metadata: { user_id: 'user-1' },
    });
  });

  it('defaults max_tokens to 32000 and leaves out empty optional fields', () => {
    expect(build({})).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: false,
    });
  });

  it('synthesizes an error tool_result for a tool_use whose result is missing, also at the end of history', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'a', name: 'f', arguments: '{}' },
            { type: 'tool-call', id: 'b', name: 'f', arguments: '{}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: 'B' }] }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'a', name: 'f', input: {} },
          { type: 'tool_use', id: 'b', name: 'f', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'b', content: 'B' },
          { type: 'tool_result', tool_use_id: 'a', content: 'No result was recorded for this tool call.', is_error: true },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'No result was recorded for this tool call.', is_error: true }] },
    ]);
  });

  it('turns a tool result without a matching tool_use into text instead of an upstream 400', () => {
    const body = build({
      messages: [
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'gone', content: [{ type: 'text', text: 'old output' }], isError: true }] },
        { role: 'user', content: [{ type: 'text', text: 'continue' }] },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Result of tool call gone (error):\nold output' },
          { type: 'text', text: 'continue' },
        ],
      },
    ]);
  });

  it('replays only Anthropic-signed thinking and redacted thinking; drops foreign or unsigned reasoning', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'mine', signature: 'EqQB', signatureFormat: 'anthropic-messages' },
            { type: 'reasoning', text: 'theirs', signature: 'gAAAA', signatureFormat: 'openai-responses' },
            { type: 'reasoning', text: 'unsigned' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
            { type: 'text', text: 'answer' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'again' }] },
      ],
    });
    expect((body.messages as Array<{ content: unknown }>)[1].content).toEqual([
      { type: 'thinking', thinking: 'mine', signature: 'EqQB' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'answer' },
    ]);
  });

  it('rewrites invalid tool ids the same way on tool_use and tool_result, injectively', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'fc.1/a', name: 'f', arguments: 'not json' },
            { type: 'tool-call', id: 'fc_x2E1/a', name: 'f', arguments: '[1]' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'fc.1/a', content: [{ type: 'text', text: '1' }] },
            { type: 'tool-result', toolCallId: 'fc_x2E1/a', content: [{ type: 'text', text: '2' }] },
          ],
        },
      ],
    });
    const [, assistant, results] = body.messages as Array<{ content: Array<Record<string, unknown>> }>;
    expect(assistant.content.map((block) => block.id)).toEqual(['fc_x2E1_x2Fa', 'fc_x5Fx2E1_x2Fa']);
    expect(assistant.content.map((block) => block.input)).toEqual([{}, {}]);
    expect(results.content.map((block) => block.tool_use_id)).toEqual(['fc_x2E1_x2Fa', 'fc_x5Fx2E1_x2Fa']);
    for (const id of ['', 'a b', 'é', '漢字', 'call_ok-1']) expect(toAnthropicToolId(id)).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(toAnthropicToolId('call_ok-1')).toBe('call_ok-1');
  });

  it('maps images (base64, URL, data URL) and files (PDF, text) to image and document blocks', () => {
    const body = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/gif;base64,R0lGOD' } },
            { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, filename: 'a.pdf' },
            { type: 'file', source: { kind: 'base64', mediaType: 'text/markdown', data: Buffer.from('# hi').toString('base64') } },
            { type: 'text', text: '   ' },
          ],
        },
      ],
    });
    expect((body.messages as Array<{ content: unknown }>)[0].content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGOD' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'a.pdf' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: '# hi' } },
    ]);
  });

  it.each([
    [{ type: 'auto' }, undefined, { type: 'auto' }],
    [{ type: 'required' }, undefined, { type: 'any' }],
    [{ type: 'tool', name: 'get_weather' }, undefined, { type: 'tool', name: 'get_weather' }],
    [{ type: 'none' }, false, { type: 'none' }],
    [undefined, false, { type: 'auto', disable_parallel_tool_use: true }],
    [{ type: 'required' }, false, { type: 'any', disable_parallel_tool_use: true }],
    [undefined, undefined, undefined],
  ] as const)('maps toolChoice %o with parallelToolCalls %o', (toolChoice, parallelToolCalls, expected) => {
    const overrides: Partial<CanonicalRequest> = { tools: [weather] };
    if (toolChoice) overrides.toolChoice = toolChoice;
    if (parallelToolCalls !== undefined) overrides.parallelToolCalls = parallelToolCalls;
    expect(build(overrides).tool_choice).toEqual(expected);
  });

  it('omits tool_choice when no tool reaches the upstream, and passes only its own builtin tools', () => {
    const body = build({
      tools: [
        { type: 'builtin', format: 'openai-responses', definition: { type: 'web_search' } },
        { type: 'builtin', format: 'anthropic-messages', definition: { type: 'web_search_20250305', name: 'web_search' } },
      ],
      toolChoice: { type: 'auto' },
    });
    expect(body.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search' }]);
    expect(build({ toolChoice: { type: 'required' } }).tool_choice).toBeUndefined();
  });

  it('gives input_schema an object type and offers freeform tools as one string input', () => {
    const body = build({ tools: [{ type: 'function', name: 'noop', parameters: {} }, { type: 'custom', name: 'apply_patch', description: 'patch' }] });
    expect(body.tools).toEqual([
      { name: 'noop', input_schema: { type: 'object', properties: {} } },
      { name: 'apply_patch', description: 'patch', input_schema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } },
    ]);
  });

  it('maps reasoning to thinking: budgets, effort, none, and max_tokens above the budget', () => {
    expect(build({ reasoning: { effort: 'high' }, maxOutputTokens: 64000, temperature: 0.5, topK: 5 })).toMatchObject({
      max_tokens: 64000,
      thinking: { type: 'enabled', budget_tokens: 24576 },
    });
    const withSampling = build({ reasoning: { effort: 'high' }, temperature: 0.5, topP: 0.9, topK: 5 });
    expect(withSampling).not.toHaveProperty('temperature');
    expect(withSampling).not.toHaveProperty('top_k');
    expect(build({ reasoning: { budgetTokens: 40000 }, maxOutputTokens: 1000 })).toMatchObject({
      max_tokens: 41024,
      thinking: { type: 'enabled', budget_tokens: 40000 },
    });
    expect(build({ reasoning: { effort: 'minimal' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(build({ reasoning: { budgetTokens: 500_000 } }).thinking).toEqual({ type: 'enabled', budget_tokens: 128000 });
    expect(build({ reasoning: { effort: 'none' }, temperature: 0.5 })).toMatchObject({ thinking: { type: 'disabled' }, temperature: 0.5 });
    expect(build({ reasoning: { summary: 'auto' } })).not.toHaveProperty('thinking');
  });

  it('leaves thinking out where the API would refuse it: forced tool use, or a tool turn without a thinking block', () => {
    expect(build({ reasoning: { effort: 'low' }, tools: [weather], toolChoice: { type: 'required' } })).not.toHaveProperty('thinking');
    const foreignToolTurn = build({
      reasoning: { effort: 'low' },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'r', signature: 'x', signatureFormat: 'openai-responses' },
            { type: 'tool-call', id: 'c', name: 'f', arguments: '{}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', content: [{ type: 'text', text: 'ok' }] }] },
      ],
    });
    expect(foreignToolTurn).not.toHaveProperty('thinking');
  });

  it('sends temperature (clamped to 1) or top_p, never both', () => {
    expect(build({ temperature: 1.7, topP: 0.5 })).toMatchObject({ temperature: 1 });
    expect(build({ temperature: 1.7, topP: 0.5 })).not.toHaveProperty('top_p');
    expect(build({ topP: 0.5 })).toMatchObject({ top_p: 0.5 });
  });

  it('round-trips a Claude Code body through parse and build unchanged (apart from the model)', () => {
    const clientBody = {
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Fix the bug', cache_control: { type: 'ephemeral' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Look at the file.', signature: 'EqQBsig' },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'bug' } },
            { type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: '/a.ts' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01',
              content: [
                { type: 'text', text: 'line 1' },
                { type: 'search_result', source: 'https://example.com', title: 'r', content: [{ type: 'text', text: 'r' }] },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
              ],
            },
            { type: 'image', source: { type: 'file', file_id: 'file_01' } },
            { type: 'text', text: '<system-reminder>ok</system-reminder>' },
            { type: 'container_upload', file_id: 'file_02' },
          ],
        },
      ],
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      tools: [
        { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } },
        { type: 'web_search_20250305', name: 'web_search', max_uses: 8 },
      ],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 31999 },
      stream: true,
      metadata: { user_id: 'user_1' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    };
    const rebuilt = buildAnthropicMessagesRequest(parseAnthropicMessagesRequest(clientBody, {}), 'claude-sonnet-4-5-20250929', context);
    expect(rebuilt).toEqual({ ...clientBody, model: 'claude-sonnet-4-5-20250929' });
  });

  it('restores adaptive thinking and the request-level fields it kept', () => {
    const clientBody = {
      model: 'claude-opus-4-6',
      max_tokens: 64000,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      metadata: { user_id: 'u', extra: 1 },
    };
    const rebuilt = buildAnthropicMessagesRequest(parseAnthropicMessagesRequest(clientBody, {}), 'claude-opus-4-6', context);
    expect(rebuilt).toEqual({
      model: 'claude-opus-4-6',
      max_tokens: 64000,
      output_config: { effort: 'high' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      thinking: { type: 'adaptive' },
      stream: false,
      metadata: { extra: 1, user_id: 'u' },
    });
  });
});
