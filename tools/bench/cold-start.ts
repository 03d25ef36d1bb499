import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { functionCatalog } from '#shared/app/function-catalog.js';

/** Median import time, module count and memory of one entry, over fresh processes. */
export interface ImportCost {
  entry: string;
  ms: number;
  modules: number;
  rss_mb: number;
}

function measure(file: string, runs: number): Omit<ImportCost, 'entry'> {
  const samples = Array.from(
    { length: runs },
    () =>
      JSON.parse(execFileSync(process.execPath, ['tools/bench/import-probe.ts', file], { encoding: 'utf8' })) as Omit<ImportCost, 'entry'>,
  );
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    ms: median(samples.map((s) => s.ms)),
    modules: median(samples.map((s) => s.modules)),
    rss_mb: median(samples.map((s) => s.rss_mb)),
  };
}

/**
 * Cold start of each built function (`npm run build` first) against two baselines measured in the
 * same run: a functions-framework hello world, and a naive entry of applyReferralCode that imports
 * every Google client and the MongoDB driver eagerly.
 */
export function coldStarts(runs = 5): ImportCost[] {
  mkdirSync('dist/_bench', { recursive: true });
  writeFileSync(
    'dist/_bench/hello.js',
    "import { http } from '@google-cloud/functions-framework';\nhttp('hello', (_req, res) => { res.send('hello'); });\n",
  );
  writeFileSync(
    'dist/_bench/naive-applyReferralCode.js',
    [
      "import '@google-cloud/bigquery';",
      "import '@google-cloud/pubsub';",
      "import '@google-cloud/scheduler';",
      "import 'mongodb';",
      "import '../applyReferralCode/index.js';",
    ].join('\n'),
  );
  const entries: Array<[string, string]> = [
    ['hello world (functions-framework only)', 'dist/_bench/hello.js'],
    ['naive applyReferralCode (every client eager)', 'dist/_bench/naive-applyReferralCode.js'],
    ...functionCatalog.map((f): [string, string] => [f.name, `dist/${f.name}/index.js`]),
  ];
  return entries.map(([entry, file]) => ({ entry, ...measure(file, runs) }));
}
