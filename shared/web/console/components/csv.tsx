/** One column of a table as CSV: its header, how to read a row's cell, and how to show it (as it is, by default). */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null;
  show?: (value: string | number | null) => string;
}

/**
 * A chart's table: the same columns as its CSV, in a scrolling region that the keyboard can reach.
 * `tall` caps its height so a long series scrolls inside the card.
 */
export function DataTable<T>(props: {
  rows: readonly T[];
  columns: readonly CsvColumn<T>[];
  name: string;
  label: string;
  rowKey: (row: T) => string;
  tall?: boolean;
}) {
  return (
    <div class={props.tall ? 'scroll tall' : 'scroll'} tabIndex={0} role="region" aria-label={props.label}>
      <table class="compact" data-table={props.name}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={props.rowKey(r)}>
              {props.columns.map((c) => (
                <td key={c.header}>{c.show ? c.show(c.value(r)) : c.value(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; CRLF between rows. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const field = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    [columns.map((c) => field(c.header)), ...rows.map((r) => columns.map((c) => field(c.value(r))))].map((l) => l.join(',')).join('\r\n') +
    '\r\n'
  );
}

/** A button that downloads exactly the rows a chart and its table show, as CSV. */
export function CsvDownload<T>({ rows, columns, filename }: { rows: readonly T[]; columns: readonly CsvColumn<T>[]; filename: string }) {
  return (
    <button
      type="button"
      class="secondary"
      data-csv={filename}
      onClick={() => {
        const url = URL.createObjectURL(new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = filename;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }}
    >
      Download CSV
    </button>
  );
}
