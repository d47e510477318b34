/** Ready-to-paste setup for each tool, with the endpoint and the client key filled in. Pure. */
export interface ToolSnippet {
  id: string;
  name: string;
  /** Where the text goes. */
  where: string;
  language: 'sh' | 'toml' | 'ts' | 'yaml' | 'text';
  text: string;
}

/** A model id that most setups route; any id from GET /v1/models works. */
export const sampleModel = 'claude-sonnet-4-6';

export function toolSnippets(endpoint: string, key: string, model: string = sampleModel): ToolSnippet[] {
  const v1 = `${endpoint}/v1`;
  return [
    {
      id: 'claude-code',
      name: 'Claude Code',
      where: 'In your shell (or the "env" of ~/.claude/settings.json), then run claude',
      language: 'sh',
      text: `export ANTHROPIC_BASE_URL=${endpoint}\nexport ANTHROPIC_AUTH_TOKEN=${key}\nclaude`,
    },
    {
      id: 'codex',
      name: 'Codex CLI',
      where: '~/.codex/config.toml',
      language: 'toml',
      text: [
        `model = "${model}"`,
        'model_provider = "switchyard"',
        '',
        '[model_providers.switchyard]',
        'name = "Switchyard"',
        `base_url = "${v1}"`,
        'wire_api = "responses"',
        `experimental_bearer_token = "${key}"`,
      ].join('\n'),
    },
    {
      id: 'openai-sdk',
      name: 'OpenAI SDK',
      where: 'TypeScript or JavaScript (the Python SDK takes the same base_url and api_key)',
      language: 'ts',
      text: [
        "import OpenAI from 'openai';",
        `const client = new OpenAI({ baseURL: '${v1}', apiKey: '${key}' });`,
        `const reply = await client.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: 'Hello' }] });`,
      ].join('\n'),
    },
    {
      id: 'anthropic-sdk',
      name: 'Anthropic SDK',
      where: 'TypeScript or JavaScript (the Python SDK takes the same base_url and api_key)',
      language: 'ts',
      text: [
        "import Anthropic from '@anthropic-ai/sdk';",
        `const client = new Anthropic({ baseURL: '${endpoint}', apiKey: '${key}' });`,
        `const reply = await client.messages.create({ model: '${model}', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] });`,
      ].join('\n'),
    },
    {
      id: 'cursor',
      name: 'Cursor',
      where: 'Settings → Models: turn on the OpenAI API key, override the base URL, add the model',
      language: 'text',
      text: `OpenAI API Key: ${key}\nOverride OpenAI Base URL: ${v1}\nModel: ${model}`,
    },
    {
      id: 'cline',
      name: 'Cline',
      where: 'Cline settings → API Provider: OpenAI Compatible',
      language: 'text',
      text: `Base URL: ${v1}\nAPI Key: ${key}\nModel ID: ${model}`,
    },
    {
      id: 'continue',
      name: 'Continue',
      where: '~/.continue/config.yaml',
      language: 'yaml',
      text: ['models:', '  - name: Switchyard', '    provider: openai', `    model: ${model}`, `    apiBase: ${v1}`, `    apiKey: ${key}`].join('\n'),
    },
    {
      id: 'aider',
      name: 'Aider',
      where: 'In your shell',
      language: 'sh',
      text: `aider --openai-api-base ${v1} --openai-api-key ${key} --model openai/${model}`,
    },
  ];
}
