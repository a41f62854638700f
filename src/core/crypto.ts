import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * AES-256-GCM for personal data at rest. Output: "v1:" + base64(iv | tag | ciphertext).
 * A sub-key is derived per purpose so the same secret never encrypts and signs with one key.
 */
export type Cipher = {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed hash (HMAC-SHA-256) for looking values up without storing them in clear. */
  blindIndex(value: string): string;
};

export function createCipher(secretKey: Buffer): Cipher {
  const encKey = createHmac('sha256', secretKey).update('breachdesk/encryption/v1').digest();
  const indexKey = createHmac('sha256', secretKey).update('breachdesk/blind-index/v1').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return 'v1:' + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      if (!sealed.startsWith('v1:')) throw new Error('unknown ciphertext version');
      const raw = Buffer.from(sealed.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest('hex');
    },
  };
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** URL-safe random token with `bytes` bytes of entropy. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Constant-time string comparison for secrets of equal expected length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
