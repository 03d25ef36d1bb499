import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiOperations } from '#shared/http/api-operations.js';
import { openApiDocument } from '#shared/http/openapi.js';
import { functionCatalog, preflightRoutes } from '#shared/app/function-catalog.js';

describe('the OpenAPI document', () => {
  it('describes every HTTP route of the catalog and its CORS preflights, and nothing else', () => {
    const routes = functionCatalog.flatMap((f) => (f.trigger === 'http' ? [...f.routes] : [])).sort();
    expect(Object.keys(apiOperations).sort()).toEqual(routes);
    const preflights = functionCatalog.flatMap((f) => preflightRoutes(f));
    expect(preflights.sort()).toEqual(['OPTIONS /v1/points', 'OPTIONS /v1/referral-code', 'OPTIONS /v1/referrals']);
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...routes, ...preflights].sort());
  });

  it("asks no token of a preflight (a browser sends none) nor of the card's script, and the token of what the card then calls", () => {
    const paths = openApiDocument().paths as any;
    for (const path of ['/v1/referral-code', '/v1/referrals', '/v1/points']) {
      expect(paths[path].options.security).toEqual([]);
      expect(paths[path].get.security).toBeUndefined();
    }
    expect(paths['/card/{file}'].get.security).toEqual([]);
    expect(Object.keys(paths['/card/{file}'].get.responses['200'].content)).toEqual(['text/javascript']);
  });

  it('is committed as generated, for API Gateway (run npm run openapi after changing a schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(openApiDocument());
  });

  it('takes request bodies from the schemas the functions parse with', () => {
    const paths = openApiDocument().paths as any;
    const redeem = paths['/v1/points/redeem'].post;
    expect(redeem.requestBody.content['application/json'].schema.required).toEqual(['points', 'deal_id']);
    expect(redeem.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
  });
});
