import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderHttpError } from '../../../src/providers/engine/errors';
import { createProviderHttp, parseRetryAfter } from '../../../src/providers/engine/http';

// The engine's HTTP client against a scripted local server: each request takes the next answer.
let server: http.Server;
let origin: string;
let script: { status: number; body: string; headers?: Record<string, string> }[] = [];
const seen: { url: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const next = script.shift() ?? { status: 200, body: '{}' };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  seen.length = 0;
});

const tokens = { accessToken: async () => 'tok', refresh: async () => 'tok2' };

describe('provider HTTP client', () => {
  test('5xx is retried with backoff, then succeeds; query and bearer are sent', async () => {
    script = [
      { status: 502, body: 'bad gateway' },
      { status: 503, body: '' },
      { status: 200, body: '{"ok":true}' },
    ];
    const waits: number[] = [];
    const client = createProviderHttp({ apiBaseUrl: `${origin}/api/`, tokens, backoffMs: 5, onWait: (_r, ms) => waits.push(ms) });
    expect(await client.get('/x', { a: 1, b: undefined })).toEqual({ ok: true });
    expect(waits).toEqual([5, 10]);
    expect(seen.map((s) => s.url)).toEqual(['/api/x?a=1', '/api/x?a=1', '/api/x?a=1']);
    expect(seen[0]!.authorization).toBe('Bearer tok');
  });

  test('gives up after maxRetries with the final status; 4xx is not retried; non-JSON is named', async () => {
    script = [
      { status: 500, body: '{"error":"boom"}' },
      { status: 500, body: '{"error":"boom"}' },
    ];
    const client = createProviderHttp({ apiBaseUrl: origin, tokens, backoffMs: 1, maxRetries: 1 });
    const error = await client.get('/y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderHttpError);
    expect((error as ProviderHttpError).message).toBe('GET /y: provider answered HTTP 500 ({"error":"boom"})');
    script = [{ status: 404, body: '{}' }];
    await expect(client.get('/z')).rejects.toMatchObject({ status: 404 });
    expect(seen).toHaveLength(3);
    script = [{ status: 200, body: '<html>' }];
    await expect(client.postForm('/w', { action: 'getmeas' })).rejects.toThrow('POST /w: provider answered HTTP 200 with a body that is not JSON (content-type application/json)');
  });

  test('an unreachable provider fails with a clear message after the retries', async () => {
    const client = createProviderHttp({ apiBaseUrl: 'http://127.0.0.1:1', tokens, backoffMs: 1, maxRetries: 1 });
    await expect(client.get('/v')).rejects.toThrow(/^GET \/v: provider could not be reached after 2 attempts/);
  });

  test('Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
