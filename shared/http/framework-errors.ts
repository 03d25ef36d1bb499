import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { HttpResponse } from './http-types.js';

/** Answers a request whose path could not be decoded, or passes (null) to the JSON error. */
export type UnreadableRequestFallback = (req: {
  method: string;
  rawPath: string;
  headers: Record<string, string | undefined>;
}) => Promise<HttpResponse | null>;

const fallbacks: UnreadableRequestFallback[] = [];

/**
 * Lets a function answer a request that Express refused before any route ran because its path
 * is not valid percent-encoding: a share link must still redirect (docs/rules.md §9).
 */
export function onUnreadableRequest(fallback: UnreadableRequestFallback): void {
  fallbacks.push(fallback);
}

type Handle = (this: unknown, req: unknown, res: ServerResponse, callback?: (err?: unknown) => void) => unknown;

let installed = false;

/**
 * functions-framework parses request bodies before a function runs and leaves a failure (bad
 * JSON, a body too large) to Express's default handler, which answers in HTML. This gives those
 * failures the API's JSON error body with a stable code. Express copies `handle` into each app
 * when the app is created, so this runs when a function module loads, before the framework
 * builds its server.
 */
export function answerFrameworkErrorsAsJson(): void {
  if (installed) return;
  installed = true;
  const application = express.application as unknown as { handle: Handle };
  const handle = application.handle;
  application.handle = function (req, res, callback) {
    return handle.call(this, req, res, callback ?? ((err?: unknown) => void answer(req as IncomingMessage, res, err)));
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, err: unknown): Promise<void> {
  if (err instanceof URIError && !res.headersSent) {
    const rawPath = (req.url ?? '').split('?')[0] ?? '';
    for (const fallback of fallbacks) {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      const r = await fallback({ method: req.method ?? '', rawPath, headers });
      if (!r) continue;
      res.statusCode = r.status;
      for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
      return void res.end(r.body === undefined ? undefined : JSON.stringify(r.body));
    }
  }
  const e = err as { status?: number; type?: string } | undefined;
  const status = !e ? 404 : e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
  const [code, message] =
    status === 404
      ? ['NOT_FOUND', 'No such route']
      : status === 413
        ? ['INVALID_REQUEST', 'The request body is too large']
        : status < 500
          ? [
              'INVALID_REQUEST',
              e?.type === 'entity.parse.failed'
                ? 'The request body is not valid JSON (an object or array)'
                : 'The request could not be read',
            ]
          : ['INTERNAL', 'Internal error'];
  if (res.headersSent) return void res.end();
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code, message } }));
}
