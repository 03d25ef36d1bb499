/**
 * The layers of shared/, as the folder names say (README: Architecture):
 *   core/                      the kernel every layer may use: results, clock, logger, context, rules
 *   <module>/                  the domain of one module: types, rules, use cases and ports
 *   adapters/<technology>/     implement the ports; never import another technology's adapters
 *   app/                       the composition root: configuration, runtime, store wiring, catalog
 *   http/  events/             the edges: turn requests and CloudEvents into use-case calls
 * functions/ are thin entry points over the edges; tools/ and test/ may use everything.
 */
const domain = '^shared/(?!core/|adapters/|app/|http/|events/)[^/]+/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which layer depends on which.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core-and-domain-ports',
      severity: 'error',
      comment: 'core/ is the kernel: it may name the domain ports (types only) but no adapter, edge or the composition root.',
      from: { path: '^shared/core/' },
      to: { path: '^shared/(adapters|app|http|events)/' },
    },
    {
      name: 'domain-imports-no-adapter-edge-or-root',
      severity: 'error',
      comment: 'A domain module talks to the world through its ports only.',
      from: { path: domain },
      to: { path: '^shared/(adapters|app|http|events)/' },
    },
    {
      name: 'adapters-of-one-technology-stay-apart',
      severity: 'error',
      comment: 'An adapter implements a domain port; it never reaches into another technology.',
      from: { path: '^shared/adapters/([^/]+)/' },
      to: { path: '^shared/adapters/', pathNot: '^shared/adapters/$1/' },
    },
    {
      name: 'adapters-import-no-edge-or-root',
      severity: 'error',
      from: { path: '^shared/adapters/' },
      to: { path: '^shared/(app|http|events)/' },
    },
    {
      name: 'shared-imports-no-functions-tools-or-tests',
      severity: 'error',
      comment: 'The library is deployed; local tooling and tests are not.',
      from: { path: '^shared/' },
      to: { path: '^(functions|tools|test)/' },
    },
    {
      name: 'functions-are-thin',
      severity: 'error',
      comment: 'A function file parses, calls the library and maps the result: it never opens an adapter itself.',
      from: { path: '^functions/' },
      to: { path: '^shared/adapters/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(shared|functions|tools|test)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
