// The websocket at /graphql (graphql-transport-ws, the graphql-ws library), on the API's own HTTP
// server and port. It carries subscriptions only (today Subscription.goalAlertTriggered): queries
// and mutations go over HTTP, where request ids, logs, metrics and limits already apply, and are
// refused here (METHOD_NOT_ALLOWED).
//
// Authentication happens once per connection, in connection_init: connectionParams.authorization
// is checked exactly like an HTTP Authorization header (authenticateBearer: the token, then its
// session), and operations then run with that user's pgSettings (pgSettingsFor). The session is
// checked again before every subscription starts and before every event is delivered, and the
// connection is closed when the access token expires, so a client reconnects with a fresh one.
// There is no Origin check (CORS_ORIGINS): the credentials travel in connection_init, never in
// cookies, so a foreign page has nothing ambient to ride on (cross-site websocket hijacking).
//
// Cost is bounded: sockets per process and per user, subscriptions per socket, the size of a
// message (ws closes with 1009 beyond it), 3 s to authenticate; documents pass the same document
// and operation limits as over HTTP (src/server/limits.ts); idle sockets are pinged and dropped
// when they stop answering.
//
// Close codes (docs/api.md): 4401 not signed in, bad or expired token, session ended (graphql-ws
// clients do not retry); 4403 the access token expired while connected (clients retry, calling
// connectionParams again for a fresh token); 4429 too many connections for this user; 1001 server
// shutting down. An upgrade beyond LIVE_MAX_CONNECTIONS gets HTTP 503.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { areGraphQLErrors, CloseCode, type Context as WsContext, handleProtocols, makeServer } from 'graphql-ws';
import { type GrafservBase, makeGraphQLWSConfig } from 'postgraphile/grafserv';
import { getOperationAST, GraphQLError } from 'postgraphile/graphql';
import { Gauge, type Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../config';
import { AuthenticationError, authenticateBearer, type SessionChecker } from '../http/jwt';
import type { Logger } from '../http/logger';
import type { RequestState } from '../http/requestState';
import type { LiveSession } from './goalAlertSubscriptionPlugin';

export type LiveSocketConfig = Pick<
  Config,
  | 'JWT_SECRET'
  | 'JWT_AUDIENCE'
  | 'JWT_ISSUER'
  | 'LIVE_MAX_CONNECTIONS'
  | 'LIVE_MAX_CONNECTIONS_PER_USER'
  | 'LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION'
  | 'LIVE_MAX_MESSAGE_BYTES'
>;

/** A signed-in websocket: who it acts for, as the GraphQL context needs it. */
export interface LiveConnection extends LiveSession {
  sessionId: string;
  state: RequestState;
}

export const TOKEN_EXPIRED_CLOSE_CODE = CloseCode.Forbidden;
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;
const KEEPALIVE_MS = 12_000;
/** Close reasons are limited to 123 bytes (UTF-8) by the websocket protocol; ws throws beyond. */
function reason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}
/** setTimeout's longest delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

const connections = new WeakMap<WebSocket, LiveConnection>();

/** The signed-in user of the websocket an operation came over (for grafast.context). */
export function getLiveConnection(socket: WebSocket | undefined): LiveConnection | undefined {
  return socket ? connections.get(socket) : undefined;
}

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
}

export interface LiveSocketOptions {
  serv: GrafservBase;
  path: string;
  config: LiveSocketConfig;
  sessions: SessionChecker;
  logger: Logger;
}

export interface LiveSockets {
  /** Open sockets, and how many are signed in. */
  counts(): { open: number; signedIn: number };
  /** Stops taking upgrades and closes every socket (1001): they are not the HTTP server's to close. */
  close(): void;
}

function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  for (const [key, value] of Object.entries(params)) {
    if (key.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  return undefined;
}

function keepAlive(socket: WebSocket): void {
  let answered = true;
  socket.on('pong', () => {
    answered = true;
  });
  const timer = setInterval(() => {
    if (!answered) {
      socket.terminate();
      return;
    }
    answered = false;
    socket.ping();
  }, KEEPALIVE_MS);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

/** Serves graphql-transport-ws at `path` on `server` (upgrades elsewhere are dropped). */
export function attachLiveSockets(server: Server, options: LiveSocketOptions): LiveSockets {
  const { config, sessions, logger } = options;
  const grafservWs = makeGraphQLWSConfig(options.serv);
  const perUser = new Map<string, number>();
  const expiryTimers = new WeakMap<WebSocket, NodeJS.Timeout>();

  const release = (socket: WebSocket) => {
    const live = connections.get(socket);
    if (!live) return;
    connections.delete(socket);
    clearTimeout(expiryTimers.get(socket));
    const left = (perUser.get(live.userId) ?? 1) - 1;
    if (left > 0) perUser.set(live.userId, left);
    else perUser.delete(live.userId);
  };

  const signIn = async (ctx: WsContext<Record<string, unknown>, Extra>): Promise<boolean> => {
    const { socket, request } = ctx.extra;
    const header = authorizationOf(ctx.connectionParams);
    if (header === undefined) {
      socket.close(CloseCode.Unauthorized, reason('Sign in: send connectionParams { authorization: "Bearer <token>" }'));
      return false;
    }
    let auth: Awaited<ReturnType<typeof authenticateBearer>>;
    try {
      auth = await authenticateBearer(header, config, sessions);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      socket.close(CloseCode.Unauthorized, reason(error.message));
      return false;
    }
    if (socket.readyState !== WebSocket.OPEN) return false;
    const count = perUser.get(auth.userId) ?? 0;
    if (count >= config.LIVE_MAX_CONNECTIONS_PER_USER) {
      socket.close(TOO_MANY_CONNECTIONS_CLOSE_CODE, reason(`Too many live connections for this user (at most ${config.LIVE_MAX_CONNECTIONS_PER_USER}): close one first`));
      return false;
    }
    perUser.set(auth.userId, count + 1);
    const remoteAddress = request.socket.remoteAddress;
    const live: LiveConnection = {
      userId: auth.userId,
      sessionId: auth.sessionId,
      state: {
        requestId: randomUUID(),
        userId: auth.userId,
        ipAddress: remoteAddress?.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress,
        userAgent: request.headers['user-agent']?.slice(0, 512),
      },
      ensureSessionLive: async () => {
        if (socket.readyState === WebSocket.OPEN && (await sessions(auth.sessionId, auth.userId))) return true;
        socket.close(CloseCode.Unauthorized, reason('Session has ended: sign in again'));
        return false;
      },
    };
    connections.set(socket, live);
    const expiresIn = Math.min(Math.max(auth.expiresAt * 1000 - Date.now(), 0), MAX_TIMER_MS);
    const timer = setTimeout(() => socket.close(TOKEN_EXPIRED_CLOSE_CODE, reason('Access token expired: reconnect with a fresh one')), expiresIn);
    timer.unref();
    expiryTimers.set(socket, timer);
    return true;
  };

  const refuse = (message: string, extensions: Record<string, unknown>) => [new GraphQLError(message, { extensions })];

  const graphqlWs = makeServer<Record<string, unknown>, Extra>({
    ...(grafservWs as object),
    onConnect: signIn,
    async onSubscribe(ctx, id, payload) {
      const live = connections.get(ctx.extra.socket);
      if (!live) return refuse('Sign in first', { code: 'UNAUTHENTICATED' });
      // ctx.subscriptions already holds this one.
      if (Object.keys(ctx.subscriptions).length > config.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        return refuse(`At most ${config.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection: complete one first`, {
          code: 'RATE_LIMITED',
          max: config.LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION,
        });
      }
      if (!(await live.ensureSessionLive())) return refuse('Session has ended: sign in again', { code: 'UNAUTHENTICATED' });
      // Parses, checks the document limits and validates, and builds the context (grafast.context).
      const args = await grafservWs.onSubscribe!(ctx, id, payload);
      if (!args || areGraphQLErrors(args)) return args;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation && operation.operation !== 'subscription') {
        return refuse(`Only subscriptions are served over websockets: send this ${operation.operation} with POST /graphql`, { code: 'METHOD_NOT_ALLOWED' });
      }
      return args;
    },
  } as Parameters<typeof makeServer<Record<string, unknown>, Extra>>[0]);

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.LIVE_MAX_MESSAGE_BYTES, handleProtocols: (protocols) => handleProtocols(protocols) });

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    keepAlive(socket);
    const closed = graphqlWs.opened(
      {
        protocol: socket.protocol,
        send: (data) => new Promise<void>((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve()))),
        close: (code, text) => socket.close(code, text),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            // Resolves when the operation ends (a subscription: when it completes).
            handle(String(data)).catch((error: unknown) => {
              logger.error({ err: error }, 'websocket message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, request },
    );
    socket.on('error', (error) => logger.warn({ err: error }, 'websocket error'));
    socket.once('close', (code, text) => {
      release(socket);
      closed(code, String(text)).catch((error: unknown) => logger.warn({ err: error }, 'closing websocket subscriptions failed'));
    });
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== options.path) {
      socket.destroy();
      return;
    }
    if (wss.clients.size >= config.LIVE_MAX_CONNECTIONS) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 26\r\n\r\nToo many live connections\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  let closed = false;
  return {
    counts: () => ({ open: wss.clients.size, signedIn: [...perUser.values()].reduce((a, b) => a + b, 0) }),
    close() {
      if (closed) return;
      closed = true;
      server.off('upgrade', onUpgrade);
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
      wss.close();
    },
  };
}

/** GET /metrics: vitalis_live_sockets{state="open"|"signed_in"} (docs/metrics.md). */
export function registerLiveGauge(registry: Registry, live: LiveSockets): void {
  new Gauge({
    name: 'vitalis_live_sockets',
    help: 'Websockets at /graphql (live goal alerts), by state: open (signed in or not yet), signed_in.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { open, signedIn } = live.counts();
      this.set({ state: 'open' }, open);
      this.set({ state: 'signed_in' }, signedIn);
    },
  });
}
