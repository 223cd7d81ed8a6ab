import { randomUUID } from 'node:crypto';
// Helpers for the /auth tests: JSON requests over real HTTP, and a real SMTP server that keeps
// what it receives.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { RunningServer } from '../../src/server/app';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function post(
  server: RunningServer,
  path: string,
  body?: unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${server.origin}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** A new account through POST /auth/register (a fresh address with `prefix`), signed in. */
export async function registerUser(server: RunningServer, prefix: string, password: string): Promise<{ email: string; userId: string; accessToken: string }> {
  const email = `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
  const response = await post(server, '/auth/register', { email, password, displayName: 'Erin' });
  if (response.status !== 201) throw new Error(`registering ${email} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { email, userId: response.body.userId, accessToken: response.body.accessToken };
}

/** A new session's access token through POST /auth/login. */
export async function signIn(server: RunningServer, email: string, password: string): Promise<string> {
  const response = await post(server, '/auth/login', { email, password });
  if (response.status !== 200) throw new Error(`signing in ${email} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}

/**
 * post() from another client address: the request leaves from `sourceIp` (any 127.0.0.0/8 address
 * is loopback on Linux), so the server sees a different req.ip, as it would for another machine.
 */
export function postFrom(server: RunningServer, sourceIp: string, path: string, body?: unknown, options: { token?: string } = {}): Promise<JsonResponse> {
  const url = new URL(path, server.origin);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: sourceIp, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: text ? JSON.parse(text) : undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function currentUserId(server: RunningServer, token: string): Promise<{ status: number; userId?: string }> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ currentUserId }' }),
  });
  const body = (await response.json()) as { data?: { currentUserId?: string } };
  return { status: response.status, userId: body.data?.currentUserId };
}

export interface ReceivedMail {
  from?: string;
  to: string[];
  raw: string;
}

export interface MailCatcher {
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or arriving within timeoutMs) for `to`. */
  waitFor(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 without TLS or auth, as a local relay would be. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: ReceivedMail[] = [];
  const waiters: Array<{ to: string; resolve: (m: ReceivedMail) => void }> = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        messages.push(mail);
        for (const waiter of [...waiters]) {
          if (mail.to.includes(waiter.to)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(mail);
          }
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor: (to, timeoutMs = 10_000) => {
      const found = messages.find((m) => m.to.includes(to));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail for ${to} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          to,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token line of a Vitalis email ("or use this token: ..."). */
export function tokenFromMail(mail: ReceivedMail): string {
  const match = /use this token: ([0-9a-f]{64})/.exec(mail.raw.replace(/=\r?\n/g, ''));
  if (!match?.[1]) throw new Error(`no token in mail:\n${mail.raw}`);
  return match[1];
}
