/** The hub's own secret: the key of the keyed hashes of platform ids and of the encryption of the
 * platform addresses kept with a conversation. It is never stored in Redis (a copy of Redis must not
 * be enough to recover a phone number): RELAIS_SECRET, or a file made once under DATA_DIR (0600). */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keyed hashing and sealing with the hub's secret. */
export interface Secret {
  /** A keyed hash (base64url): the same input gives the same value, the input cannot be recovered. */
  hash(value: string): string;
  /** Encrypts (AES-256-GCM, random nonce) to a printable string. */
  seal(plain: string): string;
  /** Decrypts what `seal` made; throws on anything else. */
  open(sealed: string): string;
}

/** The secret from RELAIS_SECRET, else from `<dataDir>/secret` (created with mode 0600 if absent). */
export function loadSecret(options: { value?: string; dataDir: string }): Secret {
  if (options.value !== undefined) {
    if (options.value.length < 32) throw new Error('RELAIS_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)');
    return secretFrom(options.value);
  }
  const file = join(options.dataDir, 'secret');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    // 'wx': two processes starting together do not overwrite each other's secret.
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return secretFrom(readFileSync(file, 'utf8').trim());
}

/** A Secret from a raw value (tests, and RELAIS_SECRET). */
export function secretFrom(value: string): Secret {
  // Separate keys for separate uses, derived from the one secret.
  const hashKey = createHash('sha256').update(`relais:hash:${value}`).digest();
  const sealKey = createHash('sha256').update(`relais:seal:${value}`).digest();
  return {
    hash: (input) => createHmac('sha256', hashKey).update(input).digest('base64url'),
    seal: (plain) => {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open: (sealed) => {
      if (!sealed.startsWith('v1.')) throw new Error('not a sealed value');
      const raw = Buffer.from(sealed.slice(3), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
