/** Cloud Logging severities this project writes. */
export const severities = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
/** One of {@link severities}. */
export type Severity = (typeof severities)[number];

/** A structured logger whose lines Cloud Logging reads as JSON entries. */
export interface Logger {
  log(severity: Severity, message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds the given fields (a trace id, say) to every line. */
  child(fields: Record<string, unknown>): Logger;
}

/** Writes one JSON line per entry to stdout (stderr for errors). */
export function jsonLogger(base: Record<string, unknown> = {}, write: (line: string, severity: Severity) => void = defaultWrite): Logger {
  return {
    log(severity, message, fields) {
      write(JSON.stringify({ severity, message, ...base, ...fields }), severity);
    },
    child(fields) {
      return jsonLogger({ ...base, ...fields }, write);
    },
  };
}

function defaultWrite(line: string, severity: Severity): void {
  (severity === 'ERROR' ? process.stderr : process.stdout).write(`${line}\n`);
}

/** A logger that keeps its lines, for tests and quiet runs. */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = jsonLogger({}, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return Object.assign(logger, { lines });
}

/** The Cloud Logging trace field for a request's `X-Cloud-Trace-Context` header. */
export function traceFields(header: string | undefined, projectId: string | undefined): Record<string, string> {
  const traceId = header?.split('/')[0];
  if (!traceId) return {};
  return {
    'logging.googleapis.com/trace': projectId ? `projects/${projectId}/traces/${traceId}` : traceId,
  };
}
