import { fail, type Result } from '../core/result.js';

/**
 * A page cursor: the sort key of the last item of a page, `<ISO instant>~<usage id>`. Readable
 * rather than opaque, so the API document can say exactly what a cursor is and any text of
 * that form is a position to page from.
 */
export const pageCursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)~(\S{1,200})$/;

/** The cursor of a sort key (an ISO instant, then an id). */
export function encodeCursor(key: readonly [string, string]): string {
  return `${key[0]}~${key[1]}`;
}

/** The sort key a cursor holds, or null when the text is not a cursor. */
export function decodeCursor(cursor: string): [string, string] | null {
  const m = pageCursorPattern.exec(cursor);
  return m?.[1] && m[2] ? [m[1], m[2]] : null;
}

/**
 * One page of usages sorted by an (instant, id) key, read after `cursor`: the store is asked for
 * `limit` + 1, so whether a next page exists is known without a count. A text that is not a
 * cursor this API gave out is `INVALID_REQUEST`.
 */
export async function usagePage<T>(
  cursor: string | null,
  limit: number,
  read: (after: { at: string; usage_id: string } | null, n: number) => Promise<T[]>,
  keyOf: (item: T) => readonly [string, string],
): Promise<Result<{ items: T[]; next_cursor: string | null }>> {
  const after = cursor === null ? null : decodeCursor(cursor);
  if (cursor !== null && after === null) return fail('INVALID_REQUEST', 'cursor must be a next_cursor this API gave out');
  const found = await read(after && { at: after[0], usage_id: after[1] }, limit + 1);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return { ok: true, value: { items, next_cursor: found.length > limit && last ? encodeCursor(keyOf(last)) : null } };
}
