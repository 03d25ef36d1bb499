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

const outer = '^shared/(adapters|app|http|events)/';

/** A rule that fails the build when a file matching `from` imports one matching `to`. */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

module.exports = {
  forbidden: [
    forbid('no-circular', 'An import cycle makes load order matter and hides which layer depends on which.', {}, { circular: true }),
    forbid(
      'core-imports-only-core-and-domain-ports',
      'core/ is the kernel: it may name the domain ports (types only) but no adapter, edge or the composition root.',
      { path: '^shared/core/' },
      { path: outer },
    ),
    forbid(
      'domain-imports-no-adapter-edge-or-root',
      'A domain module talks to the world through its ports only.',
      { path: domain },
      { path: outer },
    ),
    forbid(
      'adapters-of-one-technology-stay-apart',
      "An adapter implements a domain port; it never reaches into another technology's adapters.",
      { path: '^shared/adapters/([^/]+)/' },
      { path: '^shared/adapters/', pathNot: '^shared/adapters/$1/' },
    ),
    forbid(
      'adapters-import-no-edge-or-root',
      'Adapters sit below the edges and the composition root.',
      { path: '^shared/adapters/' },
      { path: '^shared/(app|http|events)/' },
    ),
    forbid(
      'shared-imports-no-functions-tools-or-tests',
      'The library is deployed; local tooling and tests are not.',
      { path: '^shared/' },
      { path: '^(functions|tools|test)/' },
    ),
    forbid(
      'functions-are-thin',
      'A function file parses, calls the library and maps the result: it never opens an adapter itself.',
      { path: '^functions/' },
      { path: '^shared/adapters/' },
    ),
    forbid(
      'pages-stay-in-the-browser',
      'The console and card run in a browser: they reach the server through its documented API only, never its code.',
      { path: '^shared/web/' },
      { path: '^(shared/(?!web/)|functions/|tools/|test/)' },
    ),
    forbid(
      'server-code-imports-no-page',
      'Pages are bundled for the browser by tools/build; the deployed server code never imports them.',
      { path: '^(shared/(?!web/)|functions/)' },
      { path: '^shared/web/' },
    ),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(shared|functions|tools|test)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
