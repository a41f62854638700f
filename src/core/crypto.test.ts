import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cipherSecret, type Cipher, createCipher } from './crypto.js';

const key = Buffer.alloc(32, 7);

describe('createCipher', () => {
  it('decrypts values stored before the IV pool (v1, written by the earlier encrypt)', () => {
    const cipher = createCipher(key);
    expect(cipher.decrypt('v1:UvVqGXDMiJJylaFZxtxgXNOPOznFW5/LEB8KYAOSxvEgXNs=')).toBe('Jürgen');
    expect(cipher.blindIndex('email:a@b.c')).toBe('012f4c44bd34a8e20b934c3afb3059d998e530a19725fd9c763f7e74abb864f8');
  });

  it('round-trips any text, with a different IV every time', () => {
    const cipher = createCipher(key);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const a = cipher.encrypt(text);
        const b = cipher.encrypt(text);
        expect(a).not.toBe(b);
        expect(cipher.decrypt(a)).toBe(text);
        expect(createCipher(Buffer.from(key)).decrypt(b)).toBe(text);
      }),
    );
  });

  it('never repeats an IV across pool refills', () => {
    const cipher = createCipher(key);
    const ivs = new Set<string>();
    for (let i = 0; i < 5000; i++) ivs.add(Buffer.from(cipher.encrypt('x').slice(3), 'base64').subarray(0, 12).toString('hex'));
    expect(ivs.size).toBe(5000);
  });

  it('refuses tampered, truncated, foreign-key and unknown-version ciphertext', () => {
    const cipher = createCipher(key);
    const sealed = cipher.encrypt('secret contact');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => cipher.decrypt('v1:' + raw.toString('base64'))).toThrow();
    expect(() => cipher.decrypt('v1:AAAA')).toThrow();
    expect(() => createCipher(Buffer.alloc(32, 8)).decrypt(sealed)).toThrow();
    expect(() => cipher.decrypt('v2:' + sealed.slice(3))).toThrow(/unknown ciphertext version/);
  });

  it('hands the secret of its own ciphers to worker threads, and nothing for others', () => {
    const cipher = createCipher(key);
    const secret = cipherSecret(cipher)!;
    expect(secret.equals(key)).toBe(true);
    expect(createCipher(secret).decrypt(cipher.encrypt('same key'))).toBe('same key');
    const other: Cipher = { encrypt: (s) => s, decrypt: (s) => s, blindIndex: (s) => s };
    expect(cipherSecret(other)).toBeNull();
  });
});
