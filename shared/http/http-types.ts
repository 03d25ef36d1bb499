/** An HTTP request as the handlers see it, independent of the server underneath. */
export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: unknown;
}

/** An HTTP answer. */
export interface HttpResponse {
  status: number;
  body?: unknown;
  /** A body sent as it is (a page's file) instead of JSON; its `Content-Type` is in `headers`. */
  bytes?: Buffer;
  headers?: Record<string, string>;
}
