import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors/switchyard-error.js';
import { parseGeminiRequest } from './gemini-request.js';

const options = { model: 'gemini-2.5-pro', stream: true };
const user = (text: string) => ({ role: 'user', parts: [{ text }] });

function badParam(body: unknown, parseOptions: { model?: string } = options): string | undefined {
  try {
    parseGeminiRequest(body, parseOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as BadRequestError).param;
  }
  throw new Error('expected a BadRequestError');
}

describe('parseGeminiRequest', () => {
  it('takes the model and streaming from the route, the system instruction and the turns from the body', () => {
    const request = parseGeminiRequest(
      {
        systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
        contents: [{ parts: [{ text: 'Hi' }] }, { role: 'model', parts: [{ text: 'Salut' }] }, user('Again')],
      },
      options,
    );
    expect(request).toEqual({
      model: 'gemini-2.5-pro',
      stream: true,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Answer in French.' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Salut' }] },
        { role: 'user', content: [{ type: 'text', text: 'Again' }] },
      ],
      tools: [],
    });
    expect(parseGeminiRequest({ contents: [user('x')] }, { model: 'm' }).stream).toBe(false);
  });

  it('accepts the snake_case spellings', () => {
    const request = parseGeminiRequest(
      {
        system_instruction: { parts: [{ text: 'sys' }] },
        contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: 'iVBOR' } }, { text: 'what is this?' }] }],
        generation_config: { max_output_tokens: 100, top_p: 0.5, top_k: 40, stop_sequences: ['END'], thinking_config: { thinking_budget: 1024, include_thoughts: true } },
        tool_config: { function_calling_config: { mode: 'any', allowed_function_names: ['f'] } },
        tools: [{ function_declarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { a: { type: 'STRING' } } } }] }],
      },
      options,
    );
    expect(request.system).toEqual([{ type: 'text', text: 'sys' }]);
    expect(request.messages[0].content[0]).toEqual({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } });
    expect(request).toMatchObject({
      maxOutputTokens: 100,
      topP: 0.5,
      topK: 40,
      stopSequences: ['END'],
      reasoning: { budgetTokens: 1024, effort: 'low', includeThoughts: true },
      toolChoice: { type: 'tool', name: 'f' },
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } }],
    });
  });

  it('maps inline and file media to image or file blocks by MIME type', () => {
    const request = parseGeminiRequest(
      {
        contents: [
          {
            parts: [
              { inlineData: { mimeType: 'application/pdf', data: 'JVBER' } },
              { fileData: { mimeType: 'image/jpeg', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
              { fileData: { fileUri: 'https://www.youtube.com/watch?v=x' } },
            ],
          },
        ],
      },
      options,
    );
    expect(request.messages[0].content).toEqual([
      { type: 'file', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' } },
      { type: 'image', source: { kind: 'url', url: 'https://generativelanguage.googleapis.com/v1beta/files/abc', mediaType: 'image/jpeg' } },
      { type: 'file', source: { kind: 'url', url: 'https://www.youtube.com/watch?v=x' } },
    ]);
  });

  it('gives function calls deterministic ids and pairs id-less responses with them in order', () => {
    const request = parseGeminiRequest(
      {
        contents: [
          user('Weather in Paris and Tokyo?'),
          {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-a' },
              { functionCall: { name: 'get_weather', args: { city: 'Tokyo' } } },
            ],
          },
          {
            role: 'user',
            parts: [
              { text: 'Here you go.' },
              { functionResponse: { name: 'get_weather', response: { temperature: 21 } } },
              { functionResponse: { name: 'get_weather', response: { result: 'rainy' } } },
            ],
          },
        ],
      },
      options,
    );
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'call_1_0', name: 'get_weather', arguments: '{"city":"Paris"}', providerMetadata: { gemini: { thoughtSignature: 'sig-a' } } },
          { type: 'tool-call', id: 'call_1_1', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
        ],
      },
      // Tool results come first, then the rest of that user turn.
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1_0', toolName: 'get_weather', content: [{ type: 'text', text: '{"temperature":21}' }] },
          { type: 'tool-result', toolCallId: 'call_1_1', toolName: 'get_weather', content: [{ type: 'text', text: '{"result":"rainy"}' }] },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Here you go.' }] },
    ]);
  });

  it('keeps the ids a client gives calls and responses', () => {
    const request = parseGeminiRequest(
      {
        contents: [
          user('q'),
          { role: 'model', parts: [{ functionCall: { id: 'a1', name: 'f', args: {} } }, { functionCall: { id: 'b2', name: 'f' } }] },
          { role: 'user', parts: [{ functionResponse: { id: 'b2', name: 'f', response: {} } }, { functionResponse: { name: 'f', response: { ok: true } } }] },
        ],
      },
      options,
    );
    expect(request.messages[2].content.map((block) => (block.type === 'tool-result' ? block.toolCallId : ''))).toEqual(['b2', 'a1']);
  });

  it('reads thoughts as reasoning with a gemini signature and merges the streamed pieces a client replays', () => {
    const request = parseGeminiRequest(
      {
        contents: [
          user('q'),
          // @google/genai's chat history keeps one content per streamed chunk.
          { role: 'model', parts: [{ text: 'Thinking', thought: true }] },
          { role: 'model', parts: [{ text: ' hard.', thought: true, thoughtSignature: 'sig-t' }] },
          { role: 'model', parts: [{ text: 'The ' }] },
          { role: 'model', parts: [{ text: 'answer.' }] },
          { role: 'model', parts: [{ text: '', thoughtSignature: 'sig-text' }] },
          { role: 'model', parts: [{ text: '' }] },
        ],
      },
      options,
    );
    expect(request.messages).toHaveLength(2);
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Thinking hard.', signature: 'sig-t', signatureFormat: 'gemini' },
        { type: 'text', text: 'The answer.', providerMetadata: { gemini: { thoughtSignature: 'sig-text' } } },
      ],
    });
  });

  it('keeps parts no canonical block holds for a Gemini upstream', () => {
    const code = { executableCode: { language: 'PYTHON', code: 'print(1)' } };
    const request = parseGeminiRequest({ contents: [user('run'), { role: 'model', parts: [{ text: 'Running' }, code] }] }, options);
    expect(request.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Running' }],
      providerMetadata: { gemini: { unmappedParts: [{ at: 1, part: code }] } },
    });
  });

  it('makes no message of an empty model turn and reads the old `function` role as a user turn', () => {
    const request = parseGeminiRequest(
      {
        contents: [
          user('q'),
          { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
          { role: 'function', parts: [{ functionResponse: { name: 'f', response: { ok: 1 } } }] },
          { role: 'model', parts: [{ text: '' }] },
          user('next'),
        ],
        serviceTier: 'standard',
      },
      options,
    );
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    // A top-level field this mapper does not know still reaches a Gemini upstream.
    expect(request.providerMetadata).toEqual({ gemini: { requestFields: { serviceTier: 'standard' } } });
  });

  it('maps function declarations, Gemini schemas and built-in tools', () => {
    const request = parseGeminiRequest(
      {
        contents: [user('q')],
        tools: [
          {
            functionDeclarations: [
              {
                name: 'search',
                description: 'Search the web',
                parameters: {
                  type: 'OBJECT',
                  properties: { query: { type: 'STRING' }, limit: { type: 'INTEGER', nullable: true, format: 'int32' } },
                  required: ['query'],
                },
              },
              { name: 'now' },
              { name: 'raw', parametersJsonSchema: { type: 'object', properties: { x: { $ref: '#/$defs/X' } }, $defs: { X: { type: 'string' } } } },
            ],
          },
          { googleSearch: {} },
          { codeExecution: {} },
        ],
      },
      options,
    );
    expect(request.tools).toEqual([
      {
        type: 'function',
        name: 'search',
        description: 'Search the web',
        parameters: {
          type: 'object',
          properties: { query: { type: 'string' }, limit: { type: ['integer', 'null'], format: 'int32' } },
          required: ['query'],
        },
      },
      { type: 'function', name: 'now', parameters: { type: 'object', properties: {} } },
      {
        type: 'function',
        name: 'raw',
        parameters: { type: 'object', properties: { x: { $ref: '#/$defs/X' } }, $defs: { X: { type: 'string' } } },
        providerMetadata: { gemini: { parametersJsonSchema: true } },
      },
      { type: 'builtin', format: 'gemini', definition: { googleSearch: {} } },
      { type: 'builtin', format: 'gemini', definition: { codeExecution: {} } },
    ]);
  });

  it.each([
    [{ mode: 'AUTO' }, { type: 'auto' }],
    [{ mode: 'NONE' }, { type: 'none' }],
    [{ mode: 'ANY' }, { type: 'required' }],
    [{ mode: 'ANY', allowedFunctionNames: ['f'] }, { type: 'tool', name: 'f' }],
    [{ mode: 'VALIDATED' }, { type: 'auto' }],
  ])('maps functionCallingConfig %j to toolChoice %j', (config, toolChoice) => {
    expect(parseGeminiRequest({ contents: [user('q')], toolConfig: { functionCallingConfig: config } }, options).toolChoice).toEqual(toolChoice);
  });

  it('maps generationConfig, keeping the fields with no canonical slot for a Gemini upstream', () => {
    const request = parseGeminiRequest(
      {
        contents: [user('q')],
        generationConfig: {
          temperature: 0.2,
          topP: 0.9,
          topK: 20,
          maxOutputTokens: 512,
          stopSequences: ['STOP!'],
          candidateCount: 1,
          responseMimeType: 'application/json',
          thinkingConfig: { thinkingBudget: -1, includeThoughts: true },
        },
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        cachedContent: 'cachedContents/abc',
        labels: { team: 'a' },
      },
      options,
    );
    expect(request).toMatchObject({
      temperature: 0.2,
      topP: 0.9,
      topK: 20,
      maxOutputTokens: 512,
      stopSequences: ['STOP!'],
      reasoning: { effort: 'medium', includeThoughts: true },
      providerMetadata: {
        gemini: {
          generationConfig: { candidateCount: 1, responseMimeType: 'application/json' },
          thinkingConfig: { thinkingBudget: -1 },
          safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
          cachedContent: 'cachedContents/abc',
          labels: { team: 'a' },
        },
      },
    });
  });

  it.each([
    [{ thinkingBudget: 0 }, { budgetTokens: 0, effort: 'none' }],
    [{ thinkingBudget: 24576 }, { budgetTokens: 24576, effort: 'high' }],
    [{ thinkingLevel: 'low' }, { effort: 'low' }],
    [{ thinkingLevel: 'HIGH', includeThoughts: false }, { effort: 'high', includeThoughts: false }],
  ])('maps thinkingConfig %j to reasoning %j', (thinkingConfig, reasoning) => {
    expect(parseGeminiRequest({ contents: [user('q')], generationConfig: { thinkingConfig } }, options).reasoning).toEqual(reasoning);
  });

  describe('bad input names the field', () => {
    it.each([
      ['no model in the route', { contents: [user('q')] }, {}, 'model'],
      ['missing contents', {}, options, 'contents'],
      ['empty contents', { contents: [] }, options, 'contents'],
      ['contents not an array', { contents: 'hi' }, options, 'contents'],
      ['an unknown role', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, options, 'contents[0].role'],
      ['empty parts', { contents: [{ role: 'user', parts: [] }] }, options, 'contents[0].parts'],
      ['a text that is not a string', { contents: [user('a'), { role: 'model', parts: [{ text: 5 }] }] }, options, 'contents[1].parts[0].text'],
      ['a call without a name', { contents: [user('a'), { role: 'model', parts: [{ functionCall: { args: {} } }] }] }, options, 'contents[1].parts[0].functionCall.name'],
      ['inline data without a MIME type', { contents: [{ parts: [{ inlineData: { data: 'x' } }] }] }, options, 'contents[0].parts[0].inlineData.mimeType'],
      ['file data without a URI', { contents: [{ parts: [{ fileData: { mimeType: 'image/png' } }] }] }, options, 'contents[0].parts[0].fileData.fileUri'],
      ['a temperature that is a string', { contents: [user('a')], generationConfig: { temperature: 'hot' } }, options, 'generationConfig.temperature'],
      ['fractional max tokens', { contents: [user('a')], generationConfig: { maxOutputTokens: 1.5 } }, options, 'generationConfig.maxOutputTokens'],
      ['an unknown calling mode', { contents: [user('a')], toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } }, options, 'toolConfig.functionCallingConfig.mode'],
      ['a declaration without a name', { contents: [user('a')], tools: [{ functionDeclarations: [{ description: 'x' }] }] }, options, 'tools[0].functionDeclarations[0].name'],
      ['stop sequences that are not strings', { contents: [user('a')], generationConfig: { stopSequences: [1] } }, options, 'generationConfig.stopSequences[0]'],
    ])('%s', (_name, body, parseOptions, param) => {
      expect(badParam(body, parseOptions)).toBe(param);
    });

    it('rejects a body that is not an object', () => {
      expect(() => parseGeminiRequest([], options)).toThrow(BadRequestError);
      expect(() => parseGeminiRequest('{"contents":[]}', options)).toThrow(BadRequestError);
    });
  });

  it('keeps "__proto__" keys in functionCall args, at any depth', () => {
    const args = JSON.parse('{"__proto__":{"x":1},"nested":{"__proto__":false}}') as Record<string, unknown>;
    const request = parseGeminiRequest({ contents: [user('q'), { role: 'model', parts: [{ functionCall: { name: 'f', args } }] }] }, options);
    const call = request.messages[1].content[0];
    expect(call.type === 'tool-call' && call.arguments).toBe('{"__proto__":{"x":1},"nested":{"__proto__":false}}');
  });
});
