import { createHmac } from 'node:crypto';

/** The development key of personal-data hashes; production refuses it, as it refuses development tokens. */
export const devPiiHashSecret = 'local-development-pii-hash-key-not-for-production';

/** What a personal-data hash is of: the kind keeps an e-mail's hash from ever matching a phone's. */
export type PiiKind = 'email' | 'phone';

/** The keyed hash (HMAC-SHA256, hex) of a normalised e-mail or phone, as erasure keeps it (docs/rules.md §7). */
export function piiHash(secret: string, kind: PiiKind, normalised: string): string {
  return createHmac('sha256', secret).update(`${kind}:${normalised}`).digest('hex');
}
