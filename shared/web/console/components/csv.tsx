/** One column of a table as CSV: its header and how to read a row's cell. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null;
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
