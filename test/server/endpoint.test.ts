// The hardened GraphQL endpoint, over real HTTP: depth, cost and page-size limits; introspection
// and Ruru only when enabled; trusted documents; CORS allow-list; security headers.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import express from 'express';
import { getIntrospectionQuery, parse } from 'postgraphile/graphql';
import { createUser } from '../helpers/db';
import { loadConfig } from '../../src/config';
import { checkOperationLimits } from '../../src/server/limits';
import { trustedDocumentsPreset } from '../../src/server/trustedDocuments';
import { createLogger, requestLogMiddleware } from '../../src/http/logger';
import { requestIdMiddleware } from '../../src/http/requestId';
import { graphql, productionSecrets, startHarness, tokenFor, type Harness } from './harness';

const ALLOWED_ORIGIN = 'https://app.vitalis.test';

// Small limits so the tests can reach them with small queries.
const LIMITS = { MAX_QUERY_DEPTH: '5', MAX_QUERY_COST: '2000', MAX_PAGE_SIZE: '50' };

describe('hardened endpoint (introspection off, limits on)', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness({ ENABLE_GRAPHIQL: 'false', CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://other.vitalis.test`, ...LIMITS });
    token = await tokenFor(h, await createUser(h.db.pool));
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('depth limit', () => {
    test('a query within the limit runs', async () => {
      const result = await graphql(h.server, '{ wearableDailies(first: 5) { nodes { user { account { accountId } } } } }', { token });
      expect(result.body.errors).toBeUndefined();
    });

    test('a deeper query is refused before it runs, with QUERY_TOO_DEEP', async () => {
      const deep = '{ wearableDailies(first: 5) { nodes { user { account { users(first: 1) { nodes { userId } } } } } } }';
      const result = await graphql(h.server, deep, { token });
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/nested 7 levels deep; at most 5/), extensions: expect.objectContaining({ code: 'QUERY_TOO_DEEP' }) }),
      ]);
    });

    test('fragments count too', async () => {
      const query = `query { wearableDailies(first: 5) { ...D } }
        fragment D on WearableDailyConnection { nodes { user { account { users(first: 1) { nodes { userId } } } } } }`;
      const result = await graphql(h.server, query, { token });
      expect(result.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    });
  });

  describe('cost limit', () => {
    const aliases = (n: number, first: string) =>
      `query${first === '$n' ? '($n: Int)' : ''} { ${Array.from({ length: n }, (_, i) => `a${i}: wearableDailies(first: ${first}) { nodes { steps date } }`).join(' ')} }`;

    test('cost = fields x requested page sizes: within the limit runs', async () => {
      // 13 x (1 + 50 x 3) = 1963 <= 2000
      const result = await graphql(h.server, aliases(13, '50'), { token });
      expect(result.body.errors).toBeUndefined();
    });

    test('over the limit is refused with QUERY_TOO_COSTLY', async () => {
      // 14 x 151 = 2114 > 2000
      const result = await graphql(h.server, aliases(14, '50'), { token });
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'QUERY_TOO_COSTLY', cost: 2114, maxCost: 2000 } })]);
    });

    test('page sizes passed as variables are counted', async () => {
      expect((await graphql(h.server, aliases(14, '$n'), { token, variables: { n: 50 } })).body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
      expect((await graphql(h.server, aliases(14, '$n'), { token, variables: { n: 10 } })).body.errors).toBeUndefined();
    });

    test('a connection without first/last counts as a full page', async () => {
      const schema = await h.server.pgl.getSchema();
      const measure = (query: string) => checkOperationLimits(schema, parse(query), undefined, {}, limits).measure;
      const limits = { MAX_QUERY_DEPTH: 5, MAX_QUERY_COST: 2000, MAX_PAGE_SIZE: 50 };
      expect(measure('{ wearableDailies { nodes { steps date } } }')).toEqual({ depth: 3, cost: 1 + 50 * 3 });
      expect(measure('{ wearableDailies(first: 2) { totalCount nodes { steps date } } }')).toEqual({ depth: 3, cost: 1 + 2 * 4 });
      expect(measure('{ __typename currentUserId }')).toEqual({ depth: 1, cost: 1 });
    });
  });

  describe('page size cap', () => {
    test('first or last above MAX_PAGE_SIZE is BAD_USER_INPUT naming the argument', async () => {
      const literal = await graphql(h.server, '{ wearableDailies(first: 51) { nodes { steps } } }', { token });
      expect(literal.body.errors).toEqual([
        expect.objectContaining({ message: 'first must be at most 50 (got 51); fetch more rows with cursors', extensions: { code: 'BAD_USER_INPUT', field: 'first' } }),
      ]);
      const variable = await graphql(h.server, 'query($n: Int) { wearableDailies(last: $n) { nodes { steps } } }', { token, variables: { n: 10000 } });
      expect(variable.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'last' });
      expect((await graphql(h.server, '{ wearableDailies(first: 50) { nodes { steps } } }', { token })).body.errors).toBeUndefined();
    });
  });

  describe('introspection and Ruru are off', () => {
    test('__schema and __type are refused', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { fields { name } } }', '{ currentUserId a: __schema { queryType { name } } }']) {
        const result = await graphql(h.server, query, { token });
        expect(result.body.data ?? null).toBeNull();
        expect(result.body.errors?.[0]).toMatchObject({ message: 'Introspection is disabled on this server', extensions: { code: 'INTROSPECTION_DISABLED' } });
      }
    });

    test('__typename still works', async () => {
      const result = await graphql(h.server, '{ __typename }', { token });
      expect(result.body).toEqual({ data: { __typename: 'Query' } });
    });

    test('Ruru is not served', async () => {
      const response = await fetch(`${h.server.origin}/graphiql`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(404);
    });
  });

  describe('CORS', () => {
    test('a preflight from an allowed origin is answered, with credentials and the headers a client needs', async () => {
      const response = await fetch(h.server.graphqlUrl, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
      expect(response.headers.get('vary')).toMatch(/Origin/);
    });

    test('an actual request from an allowed origin carries the CORS headers', async () => {
      const result = await graphql(h.server, '{ currentUserId }', { token, headers: { origin: ALLOWED_ORIGIN } });
      expect(result.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(result.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i);
    });

    test('another origin gets no CORS headers (the browser refuses the response), never a wildcard', async () => {
      for (const origin of ['https://evil.example', 'https://app.vitalis.test.evil.example', 'null']) {
        const preflight = await fetch(h.server.graphqlUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
        const result = await graphql(h.server, '{ currentUserId }', { token, headers: { origin } });
        expect(result.headers.get('access-control-allow-origin')).toBeNull();
      }
    });
  });

  describe('security headers', () => {
    test('on GraphQL and health responses', async () => {
      for (const response of [await fetch(`${h.server.origin}/healthz`), (await graphql(h.server, '{ __typename }')) as unknown as Response]) {
        const headers = response.headers;
        expect(headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('x-frame-options')).toBe('DENY');
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('cache-control')).toBe('no-store');
        // Not production: no HSTS (it would pin localhost to HTTPS).
        expect(headers.get('strict-transport-security')).toBeNull();
        expect(headers.get('x-powered-by')).toBeNull();
        expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });
});

describe('settings', () => {
  test('CORS_ORIGINS is a list of exact origins; a wildcard is refused', () => {
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example , https://b.example:8443/ ' }).CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
  });

  test('limits have defaults and are validated', () => {
    expect(loadConfig({})).toMatchObject({ MAX_QUERY_DEPTH: 12, MAX_QUERY_COST: 250000, MAX_PAGE_SIZE: 500, GRAPHQL_PLANNING_TIMEOUT_MS: 2000, GRAPHQL_EXECUTION_TIMEOUT_MS: 30000 });
    expect(() => loadConfig({ MAX_PAGE_SIZE: '0' })).toThrow(/MAX_PAGE_SIZE/);
  });

  test('a TRUSTED_DOCUMENTS_DIR that cannot be read fails at start', () => {
    expect(() => trustedDocumentsPreset(path.join(os.tmpdir(), 'does-not-exist-vitalis'))).toThrow(/TRUSTED_DOCUMENTS_DIR/);
  });
});

describe('request ids in the logs', () => {
  test('every line logged while handling a request carries its id, as echoed in X-Request-Id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        callback();
      },
    });
    const logger = createLogger({ NODE_ENV: 'production', LOG_LEVEL: 'info' }, destination);
    const app = express();
    app.use(requestIdMiddleware());
    app.use(requestLogMiddleware(logger));
    app.get('/work', async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.info('working');
      res.json({ ok: true });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const requestId = randomUUID();
      const response = await fetch(`http://127.0.0.1:${port}/work`, { headers: { 'x-request-id': requestId } });
      expect(response.headers.get('x-request-id')).toBe(requestId);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(lines).toEqual([
        expect.objectContaining({ level: 30, service: 'vitalis', requestId, msg: 'working' }),
        expect.objectContaining({ level: 30, service: 'vitalis', requestId, msg: 'request', method: 'GET', path: '/work', status: 200 }),
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('introspection and Ruru when enabled', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ ENABLE_GRAPHIQL: 'true' });
  });

  afterAll(async () => {
    await h?.close();
  });

  test('the full introspection query works', async () => {
    const result = await graphql(h.server, getIntrospectionQuery());
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.__schema.queryType.name).toBe('Query');
  });

  test('Ruru is routed, with a CSP that lets its page load', async () => {
    expect(h.server.graphiqlUrl).toBe(`${h.server.origin}/graphiql`);
    const response = await fetch(`${h.server.origin}/graphiql`, { headers: { accept: 'text/html' } });
    // Under jest the page itself cannot render (grafserv loads ruru with a dynamic ESM import,
    // which jest's CommonJS runtime refuses), so this checks the routing, not the HTML: off, the
    // path is a 404 (above).
    expect(response.status).not.toBe(404);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});

describe('trusted documents (production)', () => {
  let h: Harness;
  let dir: string;
  let token: string;
  const DOCUMENT = 'query CurrentUser { currentUserId }';
  const documentId = createHash('sha256').update(DOCUMENT).digest('hex');

  const post = (body: Record<string, unknown>) =>
    fetch(h.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitalis-trusted-'));
    fs.writeFileSync(path.join(dir, `${documentId}.graphql`), DOCUMENT);
    h = await startHarness({ ...productionSecrets(), TRUSTED_DOCUMENTS_DIR: dir });
    token = await tokenFor(h, await createUser(h.db.pool));
  });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a registered document id runs (documentId, id, or Apollo persistedQuery hash)', async () => {
    for (const body of [{ documentId }, { id: documentId }, { extensions: { persistedQuery: { version: 1, sha256Hash: documentId } } }]) {
      const response = await post(body);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { currentUserId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    }
  });

  test('an arbitrary query is refused', async () => {
    const response = await post({ query: '{ currentUserId }' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe('TRUSTED_DOCUMENT_REQUIRED');
  });

  test('an unknown id is refused, and a known id cannot be swapped for another query', async () => {
    const unknown = await post({ documentId: 'f'.repeat(64) });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('TRUSTED_DOCUMENT_NOT_FOUND');
    const swapped = await post({ documentId, query: '{ __typename }' });
    expect(await swapped.json()).toEqual({ data: { currentUserId: expect.any(String) } });
  });

  test('production: HSTS, and introspection is off by default', async () => {
    const response = await fetch(`${h.server.origin}/healthz`);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(h.config.ENABLE_GRAPHIQL).toBe('false');
  });
});
