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
