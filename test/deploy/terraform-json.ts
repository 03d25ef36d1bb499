import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A block body as HCL-to-JSON gives it: literals as JSON, expressions as "${...}" strings, nested blocks as arrays. */
export type Body = Record<string, unknown>;

/** The Terraform of one module, every .tf file merged, as `@cdktf/hcl2json` represents it. */
export interface TerraformJson {
  locals?: Body[];
  resource?: Record<string, Record<string, Body[]>>;
  data?: Record<string, Record<string, Body[]>>;
  module?: Record<string, Body[]>;
  variable?: Record<string, Body[]>;
  output?: Record<string, Body[]>;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) existing.push(...value);
    else if (isObject(existing) && isObject(value)) mergeInto(existing, value);
    else if (existing === undefined) target[key] = value;
    else throw new Error(`Terraform defines ${key} twice`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses every .tf file directly in `dir` (not its sub-modules) into one document, offline. */
export async function readTerraform(dir: string): Promise<TerraformJson> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  const merged: Record<string, unknown> = {};
  for (const file of files) {
    mergeInto(merged, await parse(file, await readFile(join(dir, file), 'utf8')));
  }
  return merged;
}
