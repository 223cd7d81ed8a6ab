import type { IncomingMessage } from 'node:http';

// What the express middleware learned about a request, for the GraphQL context. Keyed by the
// Node request object (express's Request is the same object), so grafast.context can read it
// from its requestContext without depending on express types.

export interface RequestState {
  requestId: string;
  /** The signed-in user (JWT `sub`); undefined for anonymous requests. */
  userId?: string;
  ipAddress?: string;
  userAgent?: string;
}

const states = new WeakMap<IncomingMessage, RequestState>();

export function setRequestState(req: IncomingMessage, state: RequestState): void {
  states.set(req, state);
}

export function getRequestState(req: IncomingMessage | undefined): RequestState | undefined {
  return req ? states.get(req) : undefined;
}

export function updateRequestState(req: IncomingMessage, patch: Partial<RequestState>): void {
  const current = states.get(req);
  if (!current) throw new Error('request state is missing: the request-id middleware must run first');
  states.set(req, { ...current, ...patch });
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
