/**
 * The console's one client of the admin API: same origin, JSON in and out. A refused request
 * (4xx) comes back as a value with the API's `code`, `message` and `details`; a 5xx or a dropped
 * connection as a fault the view offers to retry. 401 and 403 end the session, so the app goes
 * back to sign-in. The development token lives in this module's memory only, never in storage.
 */

/** What a call answered. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; kind: 'refused'; status: number; code: string; message: string; details?: unknown }
  | { ok: false; kind: 'fault'; status: number; code: string; message: string };

/** A failed {@link ApiResult}. */
export type ApiFailure = Exclude<ApiResult<unknown>, { ok: true }>;

let token: string | null = null;
const sessionListeners = new Set<(signedIn: boolean) => void>();

/** Keeps a development token for the calls that follow (in memory: a reload signs out). */
export function setToken(next: string | null): void {
  token = next;
}

/** Told when a call finds the session gone (401 or 403). */
export function onSessionEnded(listener: (signedIn: boolean) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  idempotencyKey?: string;
}

/** Calls `method path` on this origin. */
export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
  const query = Object.entries(options.query ?? {}).filter((kv): kv is [string, string | number] => kv[1] !== undefined && kv[1] !== null);
  const url = query.length > 0 ? `${path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}` : path;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    return { ok: false, kind: 'fault', status: 0, code: 'NETWORK', message: 'The connection dropped before an answer came.' };
  }
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const code = payload?.error?.code ?? `HTTP_${response.status}`;
  const message = payload?.error?.message ?? response.statusText;
  if (response.status === 401 || code === 'FORBIDDEN') {
    token = null;
    for (const listener of sessionListeners) listener(false);
  }
  if (response.status >= 500) return { ok: false, kind: 'fault', status: response.status, code, message };
  return { ok: false, kind: 'refused', status: response.status, code, message, details: payload?.error?.details };
}

/** A fresh idempotency key, one per form: a double click or a retry repeats it, a new form makes another. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** How the server says this console signs in (a `<meta name="sign-in">` it writes, never the browser's choice). */
export function signInMode(): 'dev' | 'iap' | 'none' {
  const mode = document.querySelector('meta[name="sign-in"]')?.getAttribute('content');
  return mode === 'dev' || mode === 'iap' ? mode : 'none';
}

/** Local development only: a token for the local admin from the local host's development route. */
export async function signInAsLocalAdmin(): Promise<ApiResult<{ token: string }>> {
  const r = await call<{ token: string }>('POST', '/_dev/token', { body: { sub: 'local-admin', roles: ['admin'] } });
  if (r.ok) token = r.data.token;
  return r;
}
