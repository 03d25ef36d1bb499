import { loadConfig } from '#shared/app/config.js';
import { memoryLogger } from '#shared/core/logger.js';
import { reconcile } from '#shared/reconcile/reconcile.js';
import { createRuntime } from '#shared/app/runtime.js';

const repair = process.argv.includes('--repair');
const runtime = await createRuntime(loadConfig(), { logger: memoryLogger() });
try {
  process.stdout.write(
    `Checking docs/rules.md §3's invariants over ${runtime.description}${repair ? ', repairing what can be repaired' : ''}\n`,
  );
  const report = await reconcile(runtime.ctx, { repair });
  const rows = report.violations.map(
    (v) => `  invariant ${v.invariant}  ${v.subject.padEnd(44)} ${v.message}${v.repair ? `  [repair: ${v.repair}]` : ''}`,
  );
  process.stdout.write(`${rows.length ? rows.join('\n') : '  no violations'}\n`);
  if (repair) process.stdout.write(`Repaired ${report.repaired}; ${report.remaining.length} violation(s) remain after re-checking.\n`);
  process.exitCode = report.remaining.length === 0 ? 0 : 1;
} finally {
  await runtime.close();
}
