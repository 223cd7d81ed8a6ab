// The floor under any HTTP API in Node on this machine: a bare node:http server in a child process
// that answers a case's request with the same SQL, the same settings and the same role as the API,
// in as few round trips as the API makes (`begin` and the settings in one message, the statement,
// the commit after the answer), and nothing else: no JWT, no routing, no GraphQL. The HTTP phase
// drives it like the API, so "GraphQL / floor" is what PostGraphile and the project's middleware
// cost and "floor / SQL" what an HTTP hop in Node costs before any of it.
// Run directly with `--serve <url>`, it listens on an ephemeral port and prints {"origin"}.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { z } from 'zod';
import { loadConfig } from '../src/config';
import { withCredentials } from '../src/db/url';
import { REQUEST_SETTINGS_SQL } from '../src/db/requestClient';
import { announceOrigin, serveMain, startServeChild, type ServeChild } from './serveChild';

export type FloorChild = ServeChild;

/** The request the floor answers: the SQL of a case, for a user. */
export const floorRequest = z.object({ userId: z.string().uuid(), text: z.string().min(1), params: z.array(z.unknown()) });
export type FloorRequest = z.infer<typeof floorRequest>;

export function startFloorChild(url: string): Promise<FloorChild> {
  return startServeChild(__filename, url, { name: 'bench floor child' });
}

async function answer(pool: Pool, request: FloorRequest): Promise<string> {
  const client = await pool.connect();
  let failed = true;
  try {
    // The API's settings for a caller who views nobody else (the bench's users): the role, the user
    // and app.own_rows_only, set transaction-locally, with `begin` in one message.
    const settings = JSON.stringify([['role', 'vitalis_api'], ['app.current_user_id', request.userId], ['app.own_rows_only', 'on'], ['transaction_read_only', 'on']]);
    await client.query(`begin; ${REQUEST_SETTINGS_SQL.replace('$1', () => client.escapeLiteral(settings))}`);
    const { rows } = await client.query(request.text, request.params);
    failed = false;
    return JSON.stringify({ data: rows });
  } finally {
    // Read-only: the answer does not wait for the commit (as the API's held commit does not).
    // A connection whose rollback or commit failed is not reused (release(error) ends it).
    client.query(failed ? 'rollback' : 'commit').then(() => client.release(), (error: Error) => client.release(error));
  }
}

async function serve(url: string): Promise<void> {
  const { AUTHENTICATOR_PASSWORD } = loadConfig({ AUTHENTICATOR_PASSWORD: process.env.AUTHENTICATOR_PASSWORD });
  const pool = new Pool({ connectionString: withCredentials(url, 'vitalis_authenticator', AUTHENTICATOR_PASSWORD), max: 10 });
  // An idle connection the server ends (a dropped test database) must not end the process.
  pool.on('error', () => {});
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = floorRequest.safeParse(json);
      if (!parsed.success) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: parsed.error.issues }));
        return;
      }
      answer(pool, parsed.data).then(
        (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(body),
        (error: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: error.message }] })),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  announceOrigin(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void pool.end().then(() => process.exit(0)));
  });
}

if (require.main === module) serveMain('bench/httpFloor.ts', serve);
