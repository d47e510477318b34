/** AES-256-GCM with a random 96-bit IV per write: sealed = iv (12) | tag (16) | ciphertext. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Cipher } from './cipher.js';

const ivLength = 12;
const tagLength = 16;

export function createAesGcmCipher(key: Buffer, name: string, warning?: string): Cipher {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key.');
  return {
    name,
    warning,
    async encrypt(plain) {
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      const iv = sealed.subarray(0, ivLength);
      const tag = sealed.subarray(ivLength, ivLength + tagLength);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(ivLength + tagLength)), decipher.final()]);
    },
  };
}
