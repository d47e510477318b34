import { describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/canonical-request.js';
import { createFixedContext } from '../../canonical/translation-context.js';
import { buildGeminiRequest, parseGeminiRequest } from './gemini-request.js';

const base: CanonicalRequest = { model: 'gpt-5', system: [], messages: [], tools: [], stream: true };
const build = (request: Partial<CanonicalRequest>) => buildGeminiRequest({ ...base, ...request }, 'gemini-2.5-pro', createFixedContext());

describe('buildGeminiRequest', () => {
  it('writes the system instruction, alternating user/model contents and generationConfig', () => {
    const body = build({
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
        { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
        { role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] },
      ],
      temperature: 0.3,
      topP: 0.8,
      topK: 10,
      maxOutputTokens: 1000,
      stopSequences: ['\n\n'],
    });
    expect(body).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello' }] },
        // Consecutive user messages become one user content.
        { role: 'user', parts: [{ text: 'Bye' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
      ],
      systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }] },
      generationConfig: { temperature: 0.3, topP: 0.8, topK: 10, maxOutputTokens: 1000, stopSequences: ['\n\n'] },
    });
  });

  it('puts a user turn in front of a history that starts with the model', () => {
    const body = build({ messages: [{ role: 'assistant', content: [{ type: 'text', text: 'I start.' }] }] });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: ' ' }] },
      { role: 'model', parts: [{ text: 'I start.' }] },
    ]);
  });

  it('sends URL media as fileData and data URLs inline', () => {
    const body = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png', mediaType: 'image/png' } },
            { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, filename: 'a.pdf' },
          ],
        },
      ],
    });
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { fileData: { mimeType: 'image/png', fileUri: 'https://example.com/cat.png' } },
          { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBER' } },
        ],
      },
    ]);
  });

  it('writes calls and results, naming results from the call they answer, and merges results with the next user text', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Claude thought', signature: 'claude-sig', signatureFormat: 'anthropic-messages' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { type: 'tool-call', id: 'toolu_2', name: 'get_time', arguments: 'not json' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: '{"temperature":21}' }] },
            { type: 'tool-result', toolCallId: 'toolu_2', toolName: 'get_time', content: [{ type: 'text', text: '12:00' }] },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather?' }] },
      {
        role: 'model',
        parts: [
          // The Claude thinking is dropped: its signature means nothing to Gemini.
          { text: 'Checking.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'toolu_1' }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { name: 'get_time', args: {}, id: 'toolu_2' }, thoughtSignature: 'skip_thought_signature_validator' },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', id: 'toolu_1', response: { temperature: 21 } } },
          { functionResponse: { name: 'get_time', id: 'toolu_2', response: { result: '12:00' } } },
          { text: 'Thanks' },
        ],
      },
    ]);
  });

  it('replays Gemini signatures where they were; a signed thought does not stand in for a call\'s own signature', () => {
    const body = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Thinking.', signature: 'gem-sig', signatureFormat: 'gemini' },
            { type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [{ type: 'text', text: 'boom' }], isError: true }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', id: 'c2', name: 'f', arguments: '{"a":1}', providerMetadata: { gemini: { thoughtSignature: 'call-sig' } } }],
        },
      ],
    });
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'q' }] },
      {
        role: 'model',
        parts: [
          { text: 'Thinking.', thought: true, thoughtSignature: 'gem-sig' },
          { functionCall: { name: 'f', args: {}, id: 'c1' }, thoughtSignature: 'skip_thought_signature_validator' },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'f', id: 'c1', response: { error: 'boom' } } }] },
      { role: 'model', parts: [{ thoughtSignature: 'call-sig', functionCall: { name: 'f', args: { a: 1 }, id: 'c2' } }] },
    ]);
  });

  it('cleans tool schemas for Gemini, passes its own built-in tools and drops the others', () => {
    const body = build({
      tools: [
        {
          type: 'function',
          name: 'lookup',
          description: 'Look something up',
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            additionalProperties: false,
            properties: {
              id: { type: ['string', 'null'], format: 'uuid' },
              when: { type: 'string', format: 'date-time' },
              kind: { const: 'exact' },
              count: { type: 'integer', exclusiveMinimum: 0, default: 1 },
            },
            required: ['id', 'ghost'],
          },
        },
        { type: 'function', name: 'ping', parameters: { type: 'object', properties: {} } },
        { type: 'builtin', format: 'gemini', definition: { googleSearch: {} } },
        { type: 'builtin', format: 'openai-responses', definition: { type: 'web_search' } },
      ],
      toolChoice: { type: 'tool', name: 'lookup' },
    });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'lookup',
            description: 'Look something up',
            parameters: {
              type: 'object',
              properties: {
                id: { type: 'string', nullable: true },
                when: { type: 'string', format: 'date-time' },
                kind: { type: 'string', enum: ['exact'] },
                count: { type: 'integer', default: 1 },
              },
              required: ['id'],
            },
          },
          // No arguments: no `parameters` (Gemini refuses an empty OBJECT).
          { name: 'ping' },
        ],
      },
      { googleSearch: {} },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['lookup'] } });
  });

  it.each([
    [{ type: 'auto' }, { mode: 'AUTO' }],
    [{ type: 'none' }, { mode: 'NONE' }],
    [{ type: 'required' }, { mode: 'ANY' }],
  ] as const)('maps toolChoice %j to functionCallingConfig %j', (toolChoice, config) => {
    expect(build({ toolChoice }).toolConfig).toEqual({ functionCallingConfig: config });
  });

  it.each([
    [{ effort: 'high' }, { thinkingBudget: 24576, includeThoughts: true }],
    [{ budgetTokens: 3000, effort: 'medium' }, { thinkingBudget: 3000, includeThoughts: true }],
    [{ effort: 'none' }, { thinkingBudget: 0 }],
    [{ effort: 'low', includeThoughts: false }, { thinkingBudget: 1024, includeThoughts: false }],
  ] as const)('maps reasoning %j to thinkingConfig %j', (reasoning, thinkingConfig) => {
    expect(build({ reasoning: { ...reasoning } }).generationConfig).toEqual({ thinkingConfig });
  });

  it('gives a Gemini upstream back what a Gemini client sent', () => {
    const client = {
      contents: [
        { role: 'user', parts: [{ text: 'Look this up' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
        {
          role: 'model',
          parts: [
            { text: 'Hmm', thought: true, thoughtSignature: 'sig-1' },
            { functionCall: { name: 'search', args: { q: 'x' } }, thoughtSignature: 'sig-2' },
          ],
        },
        { role: 'user', parts: [{ functionResponse: { name: 'search', response: { hits: 3 } } }] },
        { role: 'model', parts: [{ text: 'Found 3.' }, { executableCode: { language: 'PYTHON', code: 'print(3)' } }] },
        { role: 'user', parts: [{ text: 'ok' }] },
      ],
      systemInstruction: { role: 'user', parts: [{ text: 'sys' }] },
      tools: [
        { functionDeclarations: [{ name: 'search', description: 'd', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } }] },
        { googleSearch: {} },
      ],
      toolConfig: { functionCallingConfig: { mode: 'VALIDATED' } },
      generationConfig: {
        temperature: 1,
        maxOutputTokens: 2048,
        responseMimeType: 'text/plain',
        thinkingConfig: { thinkingLevel: 'high', includeThoughts: true },
      },
      safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }],
      cachedContent: 'cachedContents/1',
    };
    const canonical = parseGeminiRequest(client, { model: 'gemini-3-pro-preview', stream: true });
    const upstream = buildGeminiRequest(canonical, 'gemini-3-pro-preview', createFixedContext());
    const calls = canonical.messages[1].content;
    expect(calls[1]).toMatchObject({ type: 'tool-call', id: 'call_1_1' });
    // Ids are ours (Gemini sent none); everything else is the client's body.
    const expected = structuredClone(client) as typeof client & { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    (expected.contents[1].parts[1].functionCall as Record<string, unknown>).id = 'call_1_1';
    (expected.contents[2].parts[0].functionResponse as Record<string, unknown>).id = 'call_1_1';
    expect(upstream).toEqual(expected);
  });
});
