/**
 * Hostile HTTP requests for the abuse tests: the shapes that used to crash, wedge or starve the
 * gateway, and a generated suite across categories (deterministic: no randomness, so a failure
 * names the same request every run). Each is sent as-is over real HTTP (sendHostile).
 */

/** One request to send, and the category it counts in. */
export interface HostileRequest {
  readonly category: string;
  readonly name: string;
  readonly method: string;
  /** Path and query string. @default '/graphql' */
  readonly path?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** What came back. */
export interface HostileAnswer {
  readonly status: number;
  readonly bytes: number;
  readonly elapsedMs: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A POST of a GraphQL body (query, variables, operationName). */
export function post(
  category: string,
  name: string,
  body: Record<string, unknown> | string,
  headers: Record<string, string> = JSON_HEADERS,
): HostileRequest {
  return { category, name, method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** An array nested `depth` levels around `inner`, as JSON text. */
export const nestedArray = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** `count` fragments each spreading the next twice: 2^count leaves once expanded. */
export function fragmentDiamond(count: number): string {
  const fragments = Array.from(
    { length: count },
    (_, i) => `fragment F${i} on Commune { nom ...F${i + 1} ...F${i + 1} }`,
  );
  return `{ commune(code: "59350") { ...F0 } }\n${fragments.join('\n')}\nfragment F${count} on Commune { code }`;
}

/** The territory cycle commune → département → région → départements → communes, `levels` times. */
export function territoryCycle(levels: number): string {
  let inner = 'nom';
  for (let i = 0; i < levels; i++)
    inner = `departement { region { departements { communes(first: 500) { edges { node { nom ${inner} } } } } } }`;
  return `{ commune(code: "59350") { ${inner} } }`;
}

/** The shapes of the issue, each of which used to crash, wedge or starve the process. */
export function knownShapes(): HostileRequest[] {
  const aliases = Array.from(
    { length: 1000 },
    (_, i) => `a${i}: communes(departement: "59", first: 500) { code nom population }`,
  ).join(' ');
  return [
    post(
      'shape',
      'deeply nested array in variables (10 KB)',
      `{"query":"query($c: String!) { commune(code: $c) { nom } }","variables":{"c":${nestedArray(5_000)}}}`,
    ),
    post('shape', 'fragment diamond (2.5 KB)', { query: fragmentDiamond(40) }),
    post('shape', 'territory cycle, ten levels', { query: territoryCycle(10) }),
    post('shape', '25 000 repetitions of one field', { query: `{ ${'regions { code } '.repeat(25_000)} }` }),
    post('shape', '1 000 aliases of a 500-commune list', { query: `{ ${aliases} }` }),
    post('shape', 'unknown operationName', { query: 'query A { regions { code } }', operationName: 'Nope' }),
    post('shape', 'two operations, none named', { query: 'query A { regions { code } } query B { regions { nom } }' }),
    post('shape', 'subscription', { query: 'subscription { regions { code } }' }),
    post('shape', '20 000-character id', {
      query: 'query($id: ID!) { service(id: $id) { id } }',
      variables: { id: `dora--${'x'.repeat(20_000)}` },
    }),
    post('shape', '1 MB sources filter', {
      query: 'query($s: [String!]) { services(filter: { sources: $s }) { totalCount } }',
      variables: { s: ['s'.repeat(1_000_000)] },
    }),
    post('shape', '1 MB value in a coercion error', {
      query: 'query($n: Int) { communes(nom: "lille", first: $n) { nom } }',
      variables: { n: 'n'.repeat(1_000_000) },
    }),
  ];
}

const ODD_STRINGS: ReadonlyArray<readonly [string, string]> = [
  ['unicode', 'Île-de-Fran\u00e7e\u0301'],
  ['NUL', 'a\u0000b'],
  ['RTL override', '\u202E59350'],
  ['emoji', '🏠🏠🏠'],
  ['100k chars', 'x'.repeat(100_000)],
  ['lone surrogate', '\ud800'],
  ['quote and backslash', '"\\'],
  ['spaces', '   '],
  ['zero width', '59\u200b350'],
  ['newlines', '59\n350\r\n'],
  ['path traversal', '../../etc/passwd'],
  ['URL', 'http://127.0.0.1:6379/'],
  ['percent-encoded NUL', '%00%2e%2e'],
  ['50k accented', 'é'.repeat(50_000)],
  ['JSON in a string', '{"$gt":""}'],
  ['CRLF header injection', 'x\r\nset-cookie: a=b'],
];

/** At least 300 hostile requests across categories. */
export function hostileSuite(): HostileRequest[] {
  const out: HostileRequest[] = [];
  const q = (category: string, name: string, query: string, variables?: unknown, operationName?: string) =>
    out.push(
      post(category, name, {
        query,
        ...(variables !== undefined ? { variables } : {}),
        ...(operationName !== undefined ? { operationName } : {}),
      }),
    );

  for (let depth = 5; depth <= 200; depth += 8)
    q(
      'deep selections',
      `depth ${depth}`,
      `{ commune(code: "59350") { ${'departement { region { departements { '.repeat(Math.ceil(depth / 3))}code${' } } }'.repeat(Math.ceil(depth / 3))} } }`,
    );
  for (const width of [100, 500, 1_000, 2_000, 5_000, 10_000, 20_000])
    q('wide selections', `${width} fields`, `{ regions { ${'code nom '.repeat(width / 2)} } }`);
  for (const n of [10, 20, 30, 40, 60]) q('fragment diamonds', `${n} levels`, fragmentDiamond(n));
  for (const n of [1, 2, 5])
    q(
      'fragment cycles',
      `cycle of ${n}`,
      `{ commune(code: "59350") { ...F0 } } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Commune { nom ...F${(i + 1) % n} }`).join(' ')}`,
    );
  for (const n of [31, 50, 100, 200, 500, 1_000, 3_000])
    q(
      'alias floods',
      `${n} aliases`,
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: regions { code }`).join(' ')} }`,
    );
  for (const n of [21, 50, 300]) q('field floods', `${n} root fields`, `{ ${'regions { code } '.repeat(n)} }`);
  for (const n of [51, 200, 1_000])
    q('directive floods', `${n} directives`, `{ regions { code ${'@include(if: true) '.repeat(n)} } }`);
  for (const first of ['-1', '0', '501', '1e12', '9999999999', '"20"', '2.5', 'null', '[1]', '{a:1}', 'true']) {
    q('odd first', `communes first ${first}`, `{ communes(departement: "59", first: ${first}) { nom } }`);
    q(
      'odd first',
      `departement communes first ${first}`,
      `{ departement(code: "59") { communes(first: ${first}) { edges { node { nom } } } } }`,
    );
    q(
      'odd first',
      `services first ${first}`,
      `{ services(filter: { codeDepartement: "59" }, first: ${first}) { totalCount } }`,
    );
  }
  for (const first of [-5, 0, 501, 1e12, 2.5, 'twenty', null, [1], { a: 1 }, Number.MAX_SAFE_INTEGER]) {
    q(
      'odd first',
      `first variable ${JSON.stringify(first)}`,
      'query($n: Int) { communes(departement: "59", first: $n) { nom } }',
      { n: first },
    );
  }
  for (const depth of [10, 17, 32, 100, 1_000, 5_000, 10_000]) {
    out.push(
      post(
        'nested variables',
        `array ${depth}`,
        `{"query":"query($c: String!) { commune(code: $c) { nom } }","variables":{"c":${nestedArray(depth)}}}`,
      ),
    );
    out.push(
      post(
        'nested variables',
        `object ${depth}`,
        `{"query":"query($f: ServiceFilter) { services(filter: $f) { totalCount } }","variables":{"f":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`,
      ),
    );
  }
  for (const depth of [5, 50, 500])
    q(
      'nested input objects',
      `literal ${depth}`,
      `{ services(filter: ${'{ codeCommune: '.repeat(depth)}"59350"${' }'.repeat(depth)}) { totalCount } }`,
    );
  for (const size of [1_000, 10_000, 100_000, 500_000, 900_000]) {
    q('oversized values', `${size}-char variable`, 'query($c: String!) { commune(code: $c) { nom } }', {
      c: 'c'.repeat(size),
    });
    q('oversized values', `${size}-char literal`, `{ communes(nom: "${'n'.repeat(size)}") { nom } }`);
  }
  out.push({
    category: 'oversized bodies',
    name: '2 MB body',
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ query: '{ regions { code } }', variables: { pad: 'p'.repeat(2_000_000) } }),
  });
  out.push({
    category: 'oversized bodies',
    name: '1 MB query text',
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ query: `{ regions { code } } # ${'c'.repeat(900_000)}` }),
  });
  for (const body of [
    '{',
    '{"query":',
    'null',
    '"text"',
    '[]',
    '[{"query":"{ regions { code } }"}]',
    '{"query":null}',
    '{"query":{}}',
    '{"query":"{ regions { code } }","variables":"x"}',
    '{"query":"{ regions { code } }","variables":[1]}',
    '\u0000\u0001',
    '{"query":"{ regions { code } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}',
    '{"__proto__":{"query":"x"}}',
  ]) {
    out.push(post('malformed JSON', `body ${JSON.stringify(body).slice(0, 40)}`, body));
  }
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/graphql',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    '',
    'application/xml',
  ]) {
    out.push(
      post(
        'odd content types',
        `content-type ${type || '(empty)'}`,
        '{"query":"{ regions { code } }"}',
        type ? { 'content-type': type } : {},
      ),
    );
  }
  out.push(
    post('odd content types', 'gzip that is not gzip', '{"query":"{ regions { code } }"}', {
      ...JSON_HEADERS,
      'content-encoding': 'gzip',
    }),
  );
  for (const [query, operationName] of [
    ['query A { regions { code } }', 'B'],
    ['query A { regions { code } } query B { regions { nom } }', undefined],
    ['query A { regions { code } } query A { regions { nom } }', 'A'],
    ['{ regions { code } }', 'A'],
    ['query A { regions { code } }', ''],
    ['query A { regions { code } }', 'x'.repeat(100_000)],
  ] as const)
    q(
      'operation names',
      `operationName ${JSON.stringify(operationName)?.slice(0, 20)}`,
      query,
      undefined,
      operationName,
    );
  for (const query of ['subscription { regions { code } }', 'subscription S { x }', 'subscription { __typename }'])
    q('subscriptions', query, query);
  const get = (
    name: string,
    search: string,
    headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
  ) => out.push({ category: 'GET mutations', name, method: 'GET', path: `/graphql?${search}`, headers });
  get('mutation over GET', `query=${encodeURIComponent('mutation { invalidateCache(source: "dora") { dropped } }')}`);
  get(
    'mutation over GET, no preflight',
    `query=${encodeURIComponent('mutation { invalidateCache(source: "dora") { dropped } }')}`,
    {},
  );
  get('query over GET, no preflight', `query=${encodeURIComponent('{ regions { code } }')}`, {});
  get(
    'GET with a bad variables parameter',
    `query=${encodeURIComponent('{ regions { code } }')}&variables=${encodeURIComponent('{"a":')}`,
  );
  get(
    'GET with deep variables',
    `query=${encodeURIComponent('query($c: String!) { commune(code: $c) { nom } }')}&variables=${encodeURIComponent(`{"c":${nestedArray(3_000)}}`)}`,
  );
  for (const [label, value] of ODD_STRINGS) {
    q('odd codes and ids', `commune code ${label}`, 'query($c: String!) { commune(code: $c) { nom } }', { c: value });
    q('odd codes and ids', `departement code ${label}`, 'query($c: String!) { departement(code: $c) { nom } }', {
      c: value,
    });
    q('odd codes and ids', `epci code ${label}`, 'query($c: String!) { epci(code: $c) { nom } }', { c: value });
    q('odd codes and ids', `service id ${label}`, 'query($id: ID!) { service(id: $id) { id } }', {
      id: `dora--${value}`,
    });
    q('odd codes and ids', `structure id ${label}`, 'query($id: ID!) { structure(id: $id) { id } }', { id: value });
    q(
      'odd codes and ids',
      `codeCommune filter ${label}`,
      'query($c: String) { services(filter: { codeCommune: $c }) { totalCount } }',
      { c: value },
    );
    q(
      'odd codes and ids',
      `sources filter ${label}`,
      'query($s: [String!]) { structures(filter: { sources: $s }) { totalCount } }',
      { s: [value] },
    );
    q(
      'odd codes and ids',
      `thematique ${label}`,
      'query($t: [ThematiqueOuCategorie!]) { services(filter: { codeDepartement: "59", thematiques: $t }) { totalCount } }',
      { t: [value] },
    );
  }
  for (const name of [
    'a'.repeat(100),
    `${'a'.repeat(50)}!`,
    'saint '.repeat(16),
    '-'.repeat(100),
    `${'(a+)+'.repeat(10)}b`,
    '.*.*.*.*.*.*.*.*.*.*=',
    `${'é'.repeat(99)}\u0000`,
    'x'.repeat(10_000),
    "st-étienne' OR 1=1 --",
    '%%%%%%%%%%%%',
    'a'.repeat(101),
    '',
    ' \t ',
    `${'ab'.repeat(40)}\u0301`,
    '\\'.repeat(99),
  ]) {
    q(
      'ReDoS-shaped names',
      `communes(nom: ${JSON.stringify(name).slice(0, 24)})`,
      'query($n: String) { communes(nom: $n, first: 500) { code nom } }',
      { n: name },
    );
  }
  const other = (name: string, method: string, path: string, body?: string) =>
    out.push({ category: 'other endpoints', name, method, path, headers: JSON_HEADERS, body });
  other('admin, malformed JSON', 'POST', '/admin/cache/invalidate', '{');
  other('admin, deep JSON', 'POST', '/admin/cache/invalidate', `{"source":${nestedArray(5_000)}}`);
  other(
    'admin, 1 MB territory',
    'POST',
    '/admin/cache/invalidate',
    JSON.stringify({ territory: 't'.repeat(1_000_000) }),
  );
  other('metrics', 'GET', '/metrics');
  other('readiness', 'GET', '/readyz');
  other('health with a body', 'POST', '/healthz', '{}');
  other('10 000-character path', 'GET', `/${'p'.repeat(10_000)}`);
  other('PUT on /graphql', 'PUT', '/graphql', '{"query":"{ regions { code } }"}');
  return out;
}

/** Sends one hostile request; a dropped connection or a timeout is status 0. */
export async function sendHostile(baseUrl: string, r: HostileRequest, timeoutMs: number): Promise<HostileAnswer> {
  const started = performance.now();
  try {
    const res = await fetch(`${baseUrl}${r.path ?? '/graphql'}`, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    return { status: res.status, bytes, elapsedMs: performance.now() - started };
  } catch {
    return { status: 0, bytes: 0, elapsedMs: performance.now() - started };
  }
}
