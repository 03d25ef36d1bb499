import { z } from 'zod';
import { functionCatalog, preflightRoutes, type FunctionSpec } from '../app/function-catalog.js';
import { corsAllowedHeaders, corsMaxAgeSeconds } from './cors.js';
import { apiOperations } from './api-operations.js';
import { errorBodySchema } from './response-schemas.js';
import { idempotencyKeySchema, pathIdSchema } from './schemas.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  202: 'Accepted',
  302: 'Found: to the landing page',
  304: 'Not modified (If-None-Match)',
  400: 'Invalid request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Refused by a business rule',
  429: 'Rate limited',
  500: 'Internal error',
  503: 'Unavailable; retry',
};

/**
 * The OpenAPI 3.0 document of the public API, generated from the same zod schemas the functions
 * parse with, so the two cannot drift. API Gateway and the local host serve it.
 */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const f of functionCatalog) {
    if (f.trigger !== 'http') continue;
    for (const route of f.routes) {
      const op = apiOperations[route];
      if (!op) throw new Error(`No API operation describes ${route}`);
      const [method, path] = route.split(' ') as [string, string];
      const parameters: unknown[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: jsonSchema(op.pathParam ?? pathIdSchema, 'input'),
      }));
      if (op.query) {
        const shape = jsonSchema(op.query, 'input') as { properties: Record<string, unknown>; required?: string[] };
        for (const [name, schema] of Object.entries(shape.properties))
          parameters.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, schema });
      }
      if (op.idempotencyKey)
        parameters.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: jsonSchema(idempotencyKeySchema, 'input') });
      const responses: Record<string, unknown> = {};
      for (const status of [op.success.status, ...(op.success.also ?? [])]) {
        const { schema, headers, mediaType } = op.success;
        const content = schema
          ? { 'application/json': { schema: jsonSchema(schema, 'output') } }
          : mediaType && status === op.success.status
            ? { [mediaType]: { schema: { type: 'string' } } }
            : null;
        responses[String(status)] = {
          description: statusText[status],
          ...(headers ? { headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }])) } : {}),
          ...(content ? { content } : {}),
        };
      }
      for (const status of op.errors) {
        responses[String(status)] = {
          description: statusText[status],
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
      }
      paths[path] = {
        ...paths[path],
        [method.toLowerCase()]: {
          operationId: `${f.name}_${method.toLowerCase()}_${path.replace(/[^a-z]+/gi, '_').replace(/^_|_$/g, '')}`,
          summary: op.summary,
          tags: [f.name],
          // A public route asks for no token; the gateway module routes it without the JWT.
          ...('public' in f ? { security: [] } : {}),
          ...(parameters.length ? { parameters } : {}),
          ...(op.body
            ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
            : {}),
          responses,
        },
      };
    }
  }
  for (const f of functionCatalog as readonly FunctionSpec[]) {
    for (const route of preflightRoutes(f)) {
      const path = route.split(' ')[1]!;
      const methods = f.trigger === 'http' ? (f.crossOrigin ?? []).filter((r) => r.endsWith(` ${path}`)).map((r) => r.split(' ')[0]) : [];
      const header = (name: string) => ({ schema: { type: 'string' }, description: name });
      paths[path] = {
        ...paths[path],
        options: {
          operationId: `${f.name}_options_${path.replace(/[^a-z]+/gi, '_').replace(/^_|_$/g, '')}`,
          summary: `CORS preflight of ${methods.join(', ')} ${path} for the referrer's card on another origin (CARD_ALLOWED_ORIGINS); public`,
          tags: [f.name],
          // A browser sends a preflight without the token; the gateway routes it without the JWT.
          security: [],
          parameters: [
            { name: 'Origin', in: 'header', required: false, schema: { type: 'string' } },
            { name: 'Access-Control-Request-Method', in: 'header', required: false, schema: { type: 'string' } },
            { name: 'Access-Control-Request-Headers', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '204': {
              description: `An allowed origin: the methods of the path, ${corsAllowedHeaders}, kept ${corsMaxAgeSeconds} s (no Origin: Allow only)`,
              headers: {
                'Access-Control-Allow-Origin': header('the origin, echoed'),
                'Access-Control-Allow-Methods': header('the methods of the path'),
                'Access-Control-Allow-Headers': header(corsAllowedHeaders),
                'Access-Control-Max-Age': header(String(corsMaxAgeSeconds)),
                Vary: header('Origin'),
              },
            },
            '403': {
              description: 'ORIGIN_NOT_ALLOWED: the origin is not one of CARD_ALLOWED_ORIGINS (no CORS header)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      };
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Referral system API', version: '1.0.0', description: 'Referral codes, discounts, points and the points ledger.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
    },
  };
}
