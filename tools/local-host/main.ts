import { loadConfigOrExit } from '#shared/app/config.js';
import { functionCatalog } from '#shared/app/function-catalog.js';
import { startLocalHost } from './host.js';

const config = loadConfigOrExit();
const host = await startLocalHost(config);
const lines = [
  `Referral system local host on ${host.url.replace('127.0.0.1', 'localhost')}${config.production ? ' (production mode: local-only routes refused)' : ''}`,
  `Stores: ${host.runtime.description}`,
  `Functions: ${functionCatalog.map((f) => f.name).join(', ')}`,
  'Try: npm run demo',
];
process.stdout.write(`${lines.join('\n')}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void host.close().finally(() => process.exit(0));
  });
}
