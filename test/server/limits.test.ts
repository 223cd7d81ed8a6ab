// The limit functions on their own (no server): the cost walk is linear in the document however
// fragments are nested, and the document limits measure what they say, before anything recursive
// sees the document. The same limits over HTTP: endpoint.test.ts and hostileDocuments.test.ts.
import { buildSchema, getIntrospectionQuery, parse } from 'postgraphile/graphql';
import { loadConfig } from '../../src/config';
import { checkDocument, makeDocumentChecker, variablesDepth, type DocumentLimitsConfig } from '../../src/server/documentLimits';
import { measureSelections } from '../../src/server/selectionMeasure';
import { checkOperationLimits } from '../../src/server/limits';

const schema = buildSchema(`
  type Query { items(first: Int, last: Int): ItemConnection currentUserId: ID tags: [Tag] }
  type ItemConnection { totalCount: Int nodes: [Item] edges: [ItemEdge] }
  type ItemEdge { cursor: String node: Item }
  type Item { id: ID steps: Int tags: [Tag] children(first: Int): ItemConnection }
  type Tag { name: String }
`);

const limits = { MAX_QUERY_DEPTH: 12, MAX_QUERY_COST: 250000, MAX_PAGE_SIZE: 50 };

/** `levels` fragments, each spreading the next `width` times; the last selects `leaf`. */
function nestedFragments(levels: number, width: number, type: string, leaf: string, root = `{ ...F0 }`): string {
  let doc = `${root}\n`;
  for (let i = 0; i < levels; i++) {
    const body = i === levels - 1 ? leaf : Array.from({ length: width }, () => `...F${i + 1}`).join(' ');
    doc += `fragment F${i} on ${type} { ${body} }\n`;
  }
  return doc;
}

/** The same document with every spread replaced by its fragment's selections (small documents only). */
function inline(query: string): string {
  const document = parse(query);
  const bodies = new Map<string, string>();
  for (const d of document.definitions) {
    if (d.kind === 'FragmentDefinition') bodies.set(d.name.value, query.slice(d.selectionSet.loc!.start + 1, d.selectionSet.loc!.end - 1));
  }
  let operation = query.slice(0, query.indexOf('\nfragment'));
  while (/\.\.\.[A-Z]/.test(operation)) operation = operation.replace(/\.\.\.([A-Z]\w*)/g, (_, name: string) => bodies.get(name) ?? '');
  return operation;
}

describe('cost and depth (checkOperationLimits)', () => {
  test('8 levels x 10 spreads: each fragment is walked once, and the cost is that of the expanded query', () => {
    const query = nestedFragments(8, 10, 'Item', 'id steps', '{ items(first: 10) { nodes { ...F0 } } }');
    const { errors, measure, visits } = checkOperationLimits(schema, parse(query), undefined, {}, limits);
    // items + nodes per row of items + 10^7 leaf fragments x 2 fields per node row.
    expect(measure).toEqual({ depth: 3, cost: 1 + 10 * (1 + 2 * 10 ** 7) });
    // 2 fields and a spread in the operation + 7 fragments of 10 spreads + 2 leaf fields: the
    // document's size, not 10^7.
    expect(visits).toBe(3 + 7 * 10 + 2);
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COSTLY']);
  });

  test('memoised fragments measure exactly what the inlined document measures', () => {
    const cases = [
      nestedFragments(3, 3, 'Item', 'id children(first: 2) { nodes { steps } }', '{ items(first: 4) { nodes { ...F0 } } currentUserId }'),
      nestedFragments(2, 2, 'ItemConnection', 'totalCount nodes { tags { name } }', '{ items { ...F0 } a: items(last: 3) { ...F1 } }'),
      `{ items(first: 5) { ...C nodes { ...I } } }
fragment C on ItemConnection { totalCount edges { node { ...I } } }
fragment I on Item { id children { nodes { ... on Item { steps } } } }`,
    ];
    for (const query of cases) {
      const viaFragments = checkOperationLimits(schema, parse(query), undefined, {}, limits).measure;
      const expanded = checkOperationLimits(schema, parse(inline(query)), undefined, {}, limits).measure;
      expect(viaFragments).toEqual(expanded);
      expect(viaFragments?.cost).toBeGreaterThan(1);
    }
  });

  test('depth through fragments, and a page size above the cap is reported once per fragment', () => {
    const query = `{ items(first: 2) { nodes { ...Deep ...Deep } } }
fragment Deep on Item { children(first: 51) { nodes { children(first: 1) { nodes { id } } } } }`;
    const { errors, measure } = checkOperationLimits(schema, parse(query), undefined, {}, { ...limits, MAX_QUERY_DEPTH: 5 });
    expect(measure?.depth).toBe(7);
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP', 'BAD_USER_INPUT']);
  });
});

const documentLimits: DocumentLimitsConfig = {
  MAX_DOCUMENT_BYTES: 100_000,
  MAX_DOCUMENT_TOKENS: 10_000,
  MAX_DOCUMENT_DEPTH: 32,
  MAX_QUERY_FIELDS: 1000,
  MAX_QUERY_ALIASES: 50,
  MAX_QUERY_FRAGMENTS: 100,
};

describe('document limits (checkDocument)', () => {
  const refused = (query: string, overrides: Partial<DocumentLimitsConfig> = {}) => checkDocument(query, { ...documentLimits, ...overrides }).violation;

  test('the defaults are these, and the introspection query and an ordinary query are within them', () => {
    const config = loadConfig({});
    expect(config).toMatchObject(documentLimits);
    expect(checkDocument(getIntrospectionQuery(), config)).toMatchObject({ violation: undefined, measure: { fields: 220, aliases: 0, fragments: 3 } });
    const ordinary = checkDocument('query ($n: Int) { a: items(first: $n, filter: {and: [{steps: {greaterThan: 1}}]}) { nodes { id } } }', config);
    expect(ordinary.violation).toBeUndefined();
    expect(ordinary.measure).toMatchObject({ selectionDepth: 3, inputDepth: 4, fields: 3, aliases: 1 });
    expect(() => loadConfig({ MAX_DOCUMENT_DEPTH: '1000' })).toThrow(/MAX_DOCUMENT_DEPTH/);
    expect(() => loadConfig({ MAX_QUERY_FIELDS: 'lots' })).toThrow(/MAX_QUERY_FIELDS/);
    // Both bound the stack the measure needs (a chain of fragments, each nested).
    expect(() => loadConfig({ MAX_QUERY_FRAGMENTS: '1001' })).toThrow(/MAX_QUERY_FRAGMENTS/);
  });

  test('bytes and tokens: QUERY_TOO_LARGE, naming the limit', () => {
    expect(refused(`{ ${'currentUserId '.repeat(80)}}`, { MAX_DOCUMENT_BYTES: 1000 })).toMatchObject({
      code: 'QUERY_TOO_LARGE',
      limit: 'MAX_DOCUMENT_BYTES',
      message: 'The document is 1123 bytes long; at most 1000 are allowed',
    });
    // Multi-byte characters count as bytes.
    expect(refused(`{ currentUserId } # ${'é'.repeat(600)}`, { MAX_DOCUMENT_BYTES: 1000 })?.code).toBe('QUERY_TOO_LARGE');
    expect(refused(`{ ${'a: currentUserId '.repeat(40)}}`, { MAX_DOCUMENT_TOKENS: 100 })).toMatchObject({
      code: 'QUERY_TOO_LARGE',
      limit: 'MAX_DOCUMENT_TOKENS',
      message: 'The document has more than 100 tokens, the most allowed',
    });
    // Comments are not tokens.
    expect(refused(`{ currentUserId }\n${'# comment\n'.repeat(200)}`, { MAX_DOCUMENT_TOKENS: 100 })).toBeUndefined();
  });

  test('2,000-deep input objects (QUERY_TOO_COMPLEX) and selections (QUERY_TOO_DEEP) are refused before the parser recurses into them', () => {
    const filter = `{ items(filter: ${'{and: ['.repeat(2000)}{steps: {equalTo: 1}}${']}'.repeat(2000)}) { totalCount } }`;
    expect(refused(filter)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', message: 'Input values are nested more than 32 levels deep, the most allowed' });
    const selections = `${'{ items { nodes { children '.repeat(2000)}{ id }${' } }'.repeat(2000)}}`;
    expect(refused(selections, { MAX_DOCUMENT_BYTES: 1_000_000, MAX_DOCUMENT_TOKENS: 100_000 })).toMatchObject({ code: 'QUERY_TOO_DEEP', message: expect.stringMatching(/^Selection sets are nested more than 32/) });
    // Variable definitions and their default values are input too.
    expect(refused(`query ($x: ${'['.repeat(40)}Int${']'.repeat(40)}) { currentUserId }`)?.message).toMatch(/^Input values/);
  });

  test('depth through fragments counts the levels each spread adds', () => {
    const chain = `{ ...F0 } ${Array.from({ length: 40 }, (_, i) => `fragment F${i} on Item { children { nodes { ${i < 39 ? `...F${i + 1}` : 'id'} } } }`).join(' ')}`;
    expect(refused(chain)).toMatchObject({ code: 'QUERY_TOO_DEEP', message: 'Selection sets are nested more than 32 levels deep (fragments included), the most allowed' });
    // Measured alone, without a cap, the chain is 81 deep; with the cap the walk stops at 33.
    expect(measureSelections(parse(chain)).depth).toBe(81);
    expect(measureSelections(parse(chain), 32).depth).toBe(33);
    expect(measureSelections(parse(chain), 81).depth).toBe(81);
  });

  test('whatever the limits, the measure needs no deeper stack than the depth limit allows', () => {
    // 1,000 fragments each 30 levels deep, chained: 30,000 levels if walked to the end.
    const chain = `{ ...F0 } ${Array.from({ length: 1000 }, (_, i) => `fragment F${i} on Item { ${'a { '.repeat(30)}${i < 999 ? `...F${i + 1}` : 'id'}${' }'.repeat(30)} }`).join(' ')}`;
    const generous = { MAX_DOCUMENT_BYTES: 10_000_000, MAX_DOCUMENT_TOKENS: 10_000_000, MAX_QUERY_FRAGMENTS: 1000, MAX_QUERY_FIELDS: 10_000_000 };
    expect(refused(chain, generous)).toMatchObject({ code: 'QUERY_TOO_DEEP', value: 33 });
    expect(refused(chain, { ...generous, MAX_QUERY_FRAGMENTS: 999 })).toMatchObject({ code: 'QUERY_TOO_COMPLEX', message: 'The document defines 1000 fragments; at most 999 are allowed' });
  });

  test('fields are counted with fragments expanded, each fragment measured once', () => {
    const query = nestedFragments(8, 10, 'Query', '__typename');
    expect(query.length).toBeLessThan(800);
    const { violation, visits } = checkDocument(query, documentLimits);
    expect(violation).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_QUERY_FIELDS', value: 10 ** 7, message: 'The query selects 10000000 fields (fragments expanded); at most 1000 are allowed' });
    expect(visits).toBe(1 + 7 * 10 + 1);
    expect(measureSelections(parse(query)).visits).toBe(visits);
    // 999 fields pass, 1001 do not.
    expect(refused(`{ ${'currentUserId '.repeat(999)}}`)).toBeUndefined();
    expect(refused(`{ ${'currentUserId '.repeat(1001)}}`)?.limit).toBe('MAX_QUERY_FIELDS');
  });

  test('aliases, fragment definitions and spreads: QUERY_TOO_COMPLEX', () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: currentUserId`).join(' ')} }`;
    expect(refused(aliases(50))).toBeUndefined();
    expect(refused(aliases(51))).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_QUERY_ALIASES', message: 'The query uses 51 aliases (fragments expanded); at most 50 are allowed' });
    // An aliased field in a fragment spread twice is two aliases.
    expect(refused(`{ ...A ...A } fragment A on Query { ${Array.from({ length: 26 }, (_, i) => `a${i}: currentUserId`).join(' ')} }`)?.value).toBe(52);
    const definitions = `{ ...F0 } ${Array.from({ length: 101 }, (_, i) => `fragment F${i} on Query { ${i < 100 ? `...F${i + 1}` : 'currentUserId'} }`).join(' ')}`;
    expect(refused(definitions)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_QUERY_FRAGMENTS', message: 'The document defines 101 fragments; at most 100 are allowed' });
    expect(refused(`{ ${'...F '.repeat(101)}} fragment F on Query { currentUserId }`)).toMatchObject({ limit: 'MAX_QUERY_FRAGMENTS', message: 'The document has 101 fragment spreads; at most 100 are allowed' });
  });

  test('every operation of the document counts, and a syntax error is left to the GraphQL parser', () => {
    const operations = Array.from({ length: 3 }, (_, i) => `query Q${i} { ${'currentUserId '.repeat(400)}}`).join('\n');
    expect(refused(operations)).toMatchObject({ limit: 'MAX_QUERY_FIELDS', value: 1200 });
    expect(checkDocument('{ currentUserId ', documentLimits)).toEqual({});
    expect(checkDocument('{ "unterminated }', documentLimits)).toEqual({});
  });
});

describe('variables', () => {
  test('variablesDepth counts objects and arrays without recursion', () => {
    expect(variablesDepth(undefined, 32)).toBe(0);
    expect(variablesDepth({ n: 1, s: 'x' }, 32)).toBe(0);
    expect(variablesDepth({ f: { and: [{ steps: { equalTo: 1 } }] } }, 32)).toBe(4);
    let deep: unknown = { steps: { equalTo: 1 } };
    for (let i = 0; i < 100_000; i++) deep = { and: [deep] };
    expect(variablesDepth({ f: deep }, 32)).toBe(33);
  });

  test('the checker refuses deep variables on every request, and caches the document verdict', () => {
    const check = makeDocumentChecker(documentLimits, 2);
    const query = 'query ($f: ItemFilter) { items(filter: $f) { totalCount } }';
    expect(check(query, { f: { and: [{ steps: { equalTo: 1 } }] } })).toBeUndefined();
    let deep: unknown = {};
    for (let i = 0; i < 2000; i++) deep = { and: [deep] };
    expect(check(query, { f: deep })).toMatchObject({ code: 'QUERY_TOO_COMPLEX', message: 'Variables are nested more than 32 levels deep, the most allowed' });
    const flood = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: currentUserId`).join(' ')} }`;
    for (let i = 0; i < 3; i++) expect(check(flood, undefined)?.limit).toBe('MAX_QUERY_ALIASES');
  });
});
