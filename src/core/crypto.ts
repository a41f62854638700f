import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * AES-256-GCM for personal data at rest. Output: "v1:" + base64(iv | tag | ciphertext), with a random 96-bit IV
 * per value. A sub-key is derived per purpose so the same secret never encrypts and signs with one key.
 */
export type Cipher = {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed hash (HMAC-SHA-256) for looking values up without storing them in clear. */
  blindIndex(value: string): string;
};

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs are drawn from the CSPRNG 1,024 at a time (one call instead of one per value); each is still 96 random bits, used once. */
const IV_POOL_BYTES = IV_BYTES * 1024;

/** The secret behind each cipher made here, so a worker thread of this process can build the same cipher (`cipherSecret`). */
const secrets = new WeakMap<Cipher, Buffer>();

export function createCipher(secretKey: Buffer): Cipher {
  const encKey = createHmac('sha256', secretKey).update('breachdesk/encryption/v1').digest();
  const indexKey = createHmac('sha256', secretKey).update('breachdesk/blind-index/v1').digest();
  const ivPool = Buffer.allocUnsafeSlow(IV_POOL_BYTES);
  let ivAt = IV_POOL_BYTES;
  const cipher: Cipher = {
    encrypt(plain) {
      if (ivAt === IV_POOL_BYTES) {
        randomFillSync(ivPool);
        ivAt = 0;
      }
      const iv = ivPool.subarray(ivAt, ivAt + IV_BYTES);
      ivAt += IV_BYTES;
      const gcm = createCipheriv('aes-256-gcm', encKey, iv);
      const body = gcm.update(plain, 'utf8');
      gcm.final(); // GCM is a stream mode: final() yields no bytes, it computes the tag
      const out = Buffer.allocUnsafe(IV_BYTES + TAG_BYTES + body.length);
      iv.copy(out, 0);
      gcm.getAuthTag().copy(out, IV_BYTES);
      body.copy(out, IV_BYTES + TAG_BYTES);
      return 'v1:' + out.toString('base64');
    },
    decrypt(sealed) {
      if (!sealed.startsWith('v1:')) throw new Error('unknown ciphertext version');
      const raw = Buffer.from(sealed.slice(3), 'base64');
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = decipher.update(raw.subarray(IV_BYTES + TAG_BYTES));
      decipher.final(); // throws when the tag does not match
      return body.toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest('hex');
    },
  };
  secrets.set(cipher, Buffer.from(secretKey));
  return cipher;
}

/**
 * The secret key of a cipher made by `createCipher`, for handing to a worker thread of this process that
 * calls `createCipher` itself (bulk encryption or decryption off the main thread); null for any other Cipher.
 * Never store, log or send it elsewhere.
 */
export function cipherSecret(cipher: Cipher): Buffer | null {
  return secrets.get(cipher) ?? null;
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
