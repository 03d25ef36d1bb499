import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Problem } from './problem.js';
import { useApi } from './use-api.js';

interface PagedProps<T> {
  /** A paged route answering `{..., next_cursor}`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  limit?: number;
  label: string;
  /** Reads the page's rows. */
  rows: (page: T) => unknown[];
  render: (page: T) => ComponentChildren;
  empty: string;
}

/** A cursor-paged list: the first page, then "Older" and back, one page in memory at a time (give it a new `key` to start over). */
export function Paged<T extends { next_cursor: string | null }>(props: PagedProps<T>) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useApi<T>(props.path, { ...props.query, limit: props.limit ?? 10, cursor });
  const nav = (
    <nav class="pager" aria-label={`${props.label} pages`}>
      <button type="button" class="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
        Newer
      </button>
      <span>Page {cursors.length + 1}</span>
      <button
        type="button"
        class="secondary"
        disabled={!page.data?.next_cursor}
        onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}
      >
        Older
      </button>
    </nav>
  );
  if (page.failure) return <Problem failure={page.failure} onRetry={page.reload} />;
  if (!page.data) return <p class="loading">Loading {props.label.toLowerCase()}…</p>;
  return (
    <div class="paged" aria-busy={page.loading ? 'true' : undefined}>
      {props.rows(page.data).length === 0 && cursors.length === 0 ? <p class="empty">{props.empty}</p> : props.render(page.data)}
      {cursors.length > 0 || page.data.next_cursor ? nav : null}
    </div>
  );
}
