import type { z } from 'zod';
import type { HttpResponse } from './http-types.js';
import { errorOf, invalidRequest } from './respond.js';
import { idempotencyKeySchema } from './schemas.js';

/** A parsed input, or the 400 answer naming the offending fields. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; response: HttpResponse };

/** Validates a body, query or path parameters against a schema. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' = 'body'): Parsed<z.infer<S>> {
  const r = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  return r.success ? { ok: true, value: r.data } : { ok: false, response: invalidRequest(r.error, where) };
}

/** The `Idempotency-Key` header, required for money-moving requests. */
export function parseIdempotencyKey(headers: Record<string, string | undefined>): Parsed<string> {
  const raw = headers['idempotency-key'];
  if (raw === undefined) return { ok: false, response: errorOf('IDEMPOTENCY_KEY_REQUIRED', 'The Idempotency-Key header is required') };
  const r = idempotencyKeySchema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, response: invalidRequest(r.error, 'header.idempotency-key') };
}
