import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiOperations } from '#shared/http/api-operations.js';
import { openApiDocument } from '#shared/http/openapi.js';
import { functionCatalog } from '#shared/app/function-catalog.js';

describe('the OpenAPI document', () => {
  it('describes every HTTP route of the catalog and nothing else', () => {
    const routes = functionCatalog.flatMap((f) => (f.trigger === 'http' ? [...f.routes] : [])).sort();
    expect(Object.keys(apiOperations).sort()).toEqual(routes);
    const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes);
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
