import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#shared/http/openapi.js';

/** Writes openapi.json at the top of the repository (API Gateway's input) from the zod schemas. */
const target = new URL('../openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
process.stdout.write(`Wrote ${target.pathname.split('/').at(-1)} with ${Object.keys(openApiDocument().paths as object).length} paths\n`);
