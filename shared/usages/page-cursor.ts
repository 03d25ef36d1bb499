/** A page cursor: the sort key of the last item of a page, as opaque base64url text. */
export function encodeCursor(key: readonly [string, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor of {@link encodeCursor} holds, or null when the text is not one. */
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string' && k !== '') ? [key[0], key[1]] : null;
  } catch {
    return null;
  }
}
