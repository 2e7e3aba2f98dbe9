// The layers of the gateway and what each may import (docs/architecture.md), checked by `npm run lint:deps`.
// Paths are relative to the repository root; "internal" means a file of the project (data files excepted).
// Tools (bench/, scripts/, tests and fixtures) may import anything: no rule starts from them.

const INTERNAL = '^(src|graphql|resolvers|connectors|cache|sandbox|bench|scripts|tests)/';
const TOOLS = ['^(bench|scripts|tests)/', '[.]test[.]ts$', '/fixtures/'];
// A partner folder's simulator and the helpers only it uses (rendering the sandbox world in the partner's shape).
const SIMULATORS = '^connectors/[^/]+/(simulator|render|sim-[^/]+|gazetteer)[.]ts$';
const SANDBOX_SIDE = ['^sandbox/', '^connectors/sim/', SIMULATORS];
const PARTNER_PRODUCTION = {
  path: '^connectors/([^/]+)/',
  pathNot: [...TOOLS, ...SANDBOX_SIDE],
};
const CONNECTOR_BASE = '^connectors/[^/]+[.]ts$';
const DOMAIN = '^src/domain/';
const ERRORS = '^src/errors[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Production code has no import cycles: each layer can be read and tested without the ones above it.',
      from: { pathNot: TOOLS },
      to: { circular: true, viaOnly: { pathNot: TOOLS } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or a package (a typo must not hide a dependency from these rules).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'production-never-imports-tools',
      severity: 'error',
      comment: 'Production code never imports tests, fixtures, bench/ or scripts/.',
      from: { pathNot: TOOLS },
      to: { path: TOOLS },
    },
    {
      name: 'domain-imports-nothing-internal',
      severity: 'error',
      comment: 'src/domain/ is the vocabulary of the offer: it imports no other part of the project.',
      from: { path: DOMAIN, pathNot: TOOLS },
      to: { path: INTERNAL, pathNot: DOMAIN },
    },
    {
      name: 'errors-imports-nothing-internal',
      severity: 'error',
      comment: 'src/errors.ts is the error vocabulary: it imports no other part of the project.',
      from: { path: ERRORS },
      to: { path: INTERNAL, pathNot: ERRORS },
    },
    {
      name: 'merge-imports-domain-only',
      severity: 'error',
      comment: 'src/merge/ is pure record merging: it may import src/domain/ only.',
      from: { path: '^src/merge/', pathNot: TOOLS },
      to: { path: INTERNAL, pathNot: [DOMAIN, '^src/merge/'] },
    },
    {
      name: 'cache-imports-nothing-of-the-project',
      severity: 'error',
      comment: 'cache/ is a generic cache: it knows no partner, no error vocabulary and no other part of the project.',
      from: { path: '^cache/', pathNot: TOOLS },
      to: { path: INTERNAL, pathNot: '^cache/' },
    },
    {
      name: 'partner-imports-domain-errors-base-own-folder',
      severity: 'error',
      comment:
        'A partner folder (connectors/<partner>/) may import src/domain/, src/errors.ts, the shared connector base ' +
        '(connectors/*.ts) and its own folder; never another partner.',
      from: PARTNER_PRODUCTION,
      to: { path: INTERNAL, pathNot: [DOMAIN, ERRORS, CONNECTOR_BASE, '^connectors/$1/'] },
    },
    {
      name: 'partner-never-imports-simulators-or-sandbox',
      severity: 'error',
      comment: 'Production code of a partner never imports a simulator, connectors/sim/ or sandbox/.',
      from: PARTNER_PRODUCTION,
      to: { path: SANDBOX_SIDE },
    },
    {
      name: 'connector-base-imports-domain-errors-cache',
      severity: 'error',
      comment:
        'The shared connector base (connectors/*.ts) may import src/domain/, src/merge/ (pure; the sources file checks the merge policy), src/errors.ts, cache/ and connectors/.',
      from: { path: CONNECTOR_BASE, pathNot: TOOLS },
      to: { path: INTERNAL, pathNot: [DOMAIN, '^src/merge/', ERRORS, '^cache/', '^connectors/'] },
    },
    {
      name: 'only-the-registry-imports-partners',
      severity: 'error',
      comment: 'Among the connector base, only connectors/registry.ts imports partner folders (it builds them).',
      from: { path: CONNECTOR_BASE, pathNot: [...TOOLS, '^connectors/registry[.]ts$'] },
      to: { path: '^connectors/[^/]+/' },
    },
    {
      name: 'simulators-only-from-the-sandbox-side',
      severity: 'error',
      comment: 'Simulators and connectors/sim/ are imported only by the sandbox side itself (and by tools).',
      from: { pathNot: [...TOOLS, ...SANDBOX_SIDE] },
      to: { path: ['^connectors/sim/', SIMULATORS] },
    },
    {
      name: 'federation-layer',
      severity: 'error',
      comment:
        'src/federation/ (the long-lived fan-out) may import src/domain/, src/merge/, src/errors.ts, the connector base ' +
        '(connectors/*.ts) and types of cache/.',
      from: { path: '^src/federation/', pathNot: TOOLS },
      to: { path: INTERNAL, pathNot: [DOMAIN, '^src/merge/', ERRORS, '^src/federation/', CONNECTOR_BASE, '^cache/'] },
    },
    {
      name: 'federation-imports-cache-types-only',
      severity: 'error',
      comment: 'src/federation/ uses cache/ through its types only; the cache itself is built by the gateway.',
      from: { path: '^src/federation/', pathNot: TOOLS },
      to: { path: '^cache/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'loaders-layer',
      severity: 'error',
      comment:
        'src/loaders/ (per-request DataLoaders) may import src/domain/, src/merge/, src/errors.ts, src/federation/ ' +
        'and types of the connector base.',
      from: { path: '^src/loaders/', pathNot: TOOLS },
      to: {
        path: INTERNAL,
        pathNot: [DOMAIN, '^src/merge/', ERRORS, '^src/federation/', '^src/loaders/', CONNECTOR_BASE],
      },
    },
    {
      name: 'loaders-import-connector-base-types-only',
      severity: 'error',
      comment: 'src/loaders/ reads the connector base for its types only; calls go through src/federation/.',
      from: { path: '^src/loaders/', pathNot: TOOLS },
      to: { path: CONNECTOR_BASE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'loaders-used-only-by-graphql-resolvers-server-gateway',
      severity: 'error',
      comment: 'Only graphql/, resolvers/, src/server/ and the gateway import src/loaders/.',
      from: {
        pathNot: [
          ...TOOLS,
          '^src/loaders/',
          '^graphql/',
          '^resolvers/',
          '^src/server/',
          '^src/(gateway|cache-stack|config)[.]ts$',
        ],
      },
      to: { path: '^src/loaders/' },
    },
    {
      name: 'graphql-resolvers-layer',
      severity: 'error',
      comment:
        'graphql/ and resolvers/ may import src/domain/, src/merge/ (pure functions), src/errors.ts, src/loaders/ and types of src/federation/ ' +
        '(and the type of the request context, src/server/context.ts).',
      from: { path: '^(graphql|resolvers)/', pathNot: TOOLS },
      to: {
        path: INTERNAL,
        pathNot: [
          DOMAIN,
          '^src/merge/',
          ERRORS,
          '^src/loaders/',
          '^graphql/',
          '^resolvers/',
          '^src/federation/',
          '^src/server/context[.]ts$',
        ],
      },
    },
    {
      name: 'graphql-resolvers-use-types-only-of-federation-and-context',
      severity: 'error',
      comment: 'graphql/ and resolvers/ read src/federation/ and the request context for their types only.',
      from: { path: '^(graphql|resolvers)/', pathNot: TOOLS },
      to: { path: ['^src/federation/', '^src/server/context[.]ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'resolvers-never-connectors-cache-got-ioredis',
      severity: 'error',
      comment:
        'graphql/ and resolvers/ never reach a partner or the cache directly: no connectors/, cache/, got or ioredis.',
      from: { path: '^(graphql|resolvers)/', pathNot: TOOLS },
      to: { path: ['^connectors/', '^cache/', '(^|/)node_modules/(got|ioredis)/'] },
    },
    {
      name: 'server-layer',
      severity: 'error',
      comment: 'src/server/ may import every layer above it, but never the gateway, main or the sandbox side.',
      from: { path: '^src/server/', pathNot: TOOLS },
      to: { path: ['^src/(gateway|main|cache-stack)[.]ts$', ...SANDBOX_SIDE] },
    },
    {
      name: 'gateway-never-imports-sandbox-or-main',
      severity: 'error',
      comment:
        'The gateway (src/gateway.ts, src/cache-stack.ts, src/config.ts) never imports the sandbox side or main.',
      from: { path: '^src/(gateway|cache-stack|config)[.]ts$' },
      to: { path: ['^src/main[.]ts$', ...SANDBOX_SIDE] },
    },
    {
      name: 'main-imports-gateway-config-sandbox',
      severity: 'error',
      comment: 'src/main.ts imports the gateway, the config and (dynamically) the sandbox entry only.',
      from: { path: '^src/main[.]ts$' },
      to: { path: INTERNAL, pathNot: ['^src/(gateway|config)[.]ts$', '^sandbox/'] },
    },
    {
      name: 'main-loads-sandbox-through-one-dynamic-import',
      severity: 'error',
      comment:
        'src/main.ts loads the sandbox only when no sources file is given, through one dynamic import() of ' +
        'sandbox/embedded.ts, so production never loads the simulators.',
      from: { path: '^src/main[.]ts$' },
      to: {
        path: '^sandbox/',
        dependencyTypesNot: ['dynamic-import'],
      },
    },
    {
      name: 'main-loads-only-the-sandbox-entry',
      severity: 'error',
      comment: 'The one sandbox module src/main.ts loads is sandbox/embedded.ts.',
      from: { path: '^src/main[.]ts$' },
      to: { path: '^sandbox/', pathNot: '^sandbox/embedded[.]ts$' },
    },
    {
      name: 'sandbox-only-from-main-and-the-sandbox-side',
      severity: 'error',
      comment: 'Besides src/main.ts, only the sandbox side itself (and tools) imports sandbox/.',
      from: { pathNot: [...TOOLS, ...SANDBOX_SIDE, '^src/main[.]ts$'] },
      to: { path: '^sandbox/' },
    },
    {
      name: 'gateway-never-reaches-the-sandbox',
      severity: 'error',
      comment: 'Nothing the gateway loads, directly or through other modules, is a simulator or part of the sandbox.',
      from: { path: '^src/gateway[.]ts$' },
      to: { path: SANDBOX_SIDE, reachable: true },
    },
    {
      name: 'sandbox-side-layer',
      severity: 'error',
      comment: 'The sandbox side (sandbox/, simulators, connectors/sim/) may import src/domain/ and connectors/ only.',
      from: { path: SANDBOX_SIDE, pathNot: TOOLS },
      to: { path: INTERNAL, pathNot: [DOMAIN, '^connectors/', '^sandbox/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // NodeNext: `../x.js` in a TypeScript file names `../x.ts`; dependency-cruiser maps it when `.ts` is listed.
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
