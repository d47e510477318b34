/**
 * One Switchyard with a test provider per upstream format, each pointed at its strict fake, and what
 * the conformance tests read back from the fakes (the replayed reasoning proofs of a recorded request).
 */
import type { FormatId } from '../../../electron/core/canonical/format-id.js';
import {
  startFakeAnthropic,
  startFakeCodex,
  startFakeGemini,
  startFakeOpenAiCompatible,
  type FakeAnthropic,
  type FakeCodex,
  type FakeGemini,
  type FakeOpenAiCompatible,
  type FakeUpstream,
  type RecordedRequest,
} from '../../fakes/index.js';
import { createFormatTestProvider, upstreamPrefixes } from '../../helpers/format-test-provider.js';
import { startSwitchyard, type RunningSwitchyard } from '../../helpers/start-switchyard.js';
import { chatClient } from './chat-client-driver.js';
import { asArray, asRecord, asString, type ClientDriver, type ClientLabel } from './client-driver.js';
import { geminiClient } from './gemini-client-driver.js';
import { messagesClient } from './messages-client-driver.js';
import { responsesClient } from './responses-client-driver.js';

export const formatLabels: Record<FormatId, ClientLabel> = {
  'openai-chat': 'chat',
  'openai-responses': 'responses',
  'anthropic-messages': 'messages',
  gemini: 'gemini',
};

export const matrixFormats: FormatId[] = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'];

export const upstreamModels: Record<FormatId, string> = {
  'openai-chat': 'fake-gpt-4o',
  'anthropic-messages': 'claude-sonnet-4-5',
  'openai-responses': 'gpt-5-codex',
  gemini: 'gemini-2.5-pro',
};

export const geminiKey = 'gemini-fake-key';

export interface Harness {
  gateway: RunningSwitchyard;
  fakes: { chat: FakeOpenAiCompatible; messages: FakeAnthropic; responses: FakeCodex; gemini: FakeGemini };
  fake(format: FormatId): FakeUpstream;
  client(format: FormatId): ClientDriver;
  /** The model name a client sends to reach `format`'s fake, e.g. `up-chat/fake-gpt-4o`. */
  model(format: FormatId): string;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [chat, messages, responses, gemini] = await Promise.all([
    startFakeOpenAiCompatible(),
    startFakeAnthropic(),
    startFakeCodex(),
    startFakeGemini({ apiKey: geminiKey }),
  ]);
  const byFormat: Record<FormatId, FakeUpstream> = {
    'openai-chat': chat,
    'anthropic-messages': messages,
    'openai-responses': responses,
    gemini,
  };
  const providerFactories = matrixFormats.map((format) =>
    createFormatTestProvider({
      format,
      prefix: upstreamPrefixes[format],
      baseUrl: byFormat[format].url,
      models: [upstreamModels[format]],
      geminiApiKey: geminiKey,
    }),
  );
  const gateway = await startSwitchyard({}, undefined, { providerFactories });
  const clients: Record<FormatId, ClientDriver> = {
    'openai-chat': chatClient(gateway),
    'openai-responses': responsesClient(gateway),
    'anthropic-messages': messagesClient(gateway),
    gemini: geminiClient(gateway),
  };
  return {
    gateway,
    fakes: { chat, messages, responses, gemini },
    fake: (format) => byFormat[format],
    client: (format) => clients[format],
    model: (format) => `${upstreamPrefixes[format]}${upstreamModels[format]}`,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(byFormat).map((fake) => fake.close()));
    },
  };
}

/**
 * The reasoning proofs a recorded upstream request replays in its history: Claude thinking signatures,
 * Responses reasoning `encrypted_content`, Gemini `thoughtSignature`s on thought parts. Chat has none.
 */
export function replayedProofs(format: FormatId, recorded: RecordedRequest | undefined): string[] {
  const body = asRecord(recorded?.body);
  switch (format) {
    case 'anthropic-messages':
      return asArray(body.messages).flatMap((message) =>
        asArray(asRecord(message).content).flatMap((block) => {
          const record = asRecord(block);
          return record.type === 'thinking' || record.type === 'redacted_thinking' ? [asString(record.signature ?? record.data)] : [];
        }),
      );
    case 'openai-responses':
      return asArray(body.input).flatMap((item) => {
        const record = asRecord(item);
        return record.type === 'reasoning' ? [asString(record.encrypted_content)] : [];
      });
    case 'gemini':
      return asArray(body.contents).flatMap((content) =>
        asArray(asRecord(content).parts).flatMap((part) => {
          const record = asRecord(part);
          return record.thought === true && typeof record.thoughtSignature === 'string' ? [record.thoughtSignature] : [];
        }),
      );
    case 'openai-chat':
      return [];
  }
}

/** The proofs a fake has minted, for the formats whose fakes verify them on replay. */
export function issuedProofs(harness: Harness, format: FormatId): ReadonlySet<string> {
  switch (format) {
    case 'anthropic-messages':
      return harness.fakes.messages.issuedSignatures;
    case 'openai-responses':
      return harness.fakes.responses.issuedEncryptedContents;
    case 'gemini':
      return harness.fakes.gemini.issuedSignatures;
    case 'openai-chat':
      return new Set();
  }
}

export type SentImage = { mediaType: string; data: string } | { url: string };

function fromUrl(url: string): SentImage {
  const inline = /^data:([^;,]+);base64,(.*)$/.exec(url);
  return inline ? { mediaType: inline[1], data: inline[2] } : { url };
}

/** The images a recorded upstream request carries, each in its own format's shape, read back neutrally. */
export function sentImages(format: FormatId, recorded: RecordedRequest | undefined): SentImage[] {
  const body = asRecord(recorded?.body);
  const blocks = (list: unknown, key: string) => asArray(list).flatMap((entry) => asArray(asRecord(entry)[key]).map(asRecord));
  switch (format) {
    case 'openai-chat':
      return blocks(body.messages, 'content').flatMap((part) => (part.type === 'image_url' ? [fromUrl(asString(asRecord(part.image_url).url))] : []));
    case 'anthropic-messages':
      return blocks(body.messages, 'content').flatMap((part): SentImage[] => {
        if (part.type !== 'image') return [];
        const source = asRecord(part.source);
        return [source.type === 'base64' ? { mediaType: asString(source.media_type), data: asString(source.data) } : { url: asString(source.url) }];
      });
    case 'openai-responses':
      return blocks(body.input, 'content').flatMap((part) => (part.type === 'input_image' ? [fromUrl(asString(part.image_url))] : []));
    case 'gemini':
      return blocks(body.contents, 'parts').flatMap((part): SentImage[] => {
        if (part.inlineData) return [{ mediaType: asString(asRecord(part.inlineData).mimeType), data: asString(asRecord(part.inlineData).data) }];
        if (part.fileData) return [{ url: asString(asRecord(part.fileData).fileUri) }];
        return [];
      });
  }
}
