import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A fake Stripe API on 127.0.0.1 speaking the documented REST format (https://docs.stripe.com/api):
// form-encoded bodies with bracketed keys (metadata[user_id]=...), `Authorization: Bearer sk_...`,
// JSON objects with `id` and `object`, errors as {error: {type, code, message}} (404 resource_missing),
// and Idempotency-Key replays. It serves what Vitalis uses: POST /v1/customers, GET and DELETE
// /v1/customers/:id (a deleted customer reads back as {deleted: true}; deleting it again is a 404),
// POST /v1/checkout/sessions and POST /v1/billing_portal/sessions. It records every request, and signs and POSTs webhook events
// (Stripe-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, `${t}.${body}`))).

export const FAKE_STRIPE_KEY = 'sk_test_vitalis_fake';
export const FAKE_STRIPE_WEBHOOK_SECRET = 'whsec_vitalis_fake';
export const FAKE_PRICE_PRO = 'price_fake_pro';
export const FAKE_PRICE_FAMILY = 'price_fake_family';

export interface StripeRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  /** The form body, bracketed keys kept as sent (`metadata[user_id]`). */
  form: Record<string, string>;
  at: number;
}

export interface FakeCustomer {
  id: string;
  object: 'customer';
  created: number;
  email: string | null;
  metadata: Record<string, string>;
  deleted?: true;
}

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  created: number;
  customer: string | null;
  mode: string;
  status: 'open';
  url: string;
  success_url: string | null;
  cancel_url: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  line_items_price: string;
}

export interface WebhookDelivery {
  status: number;
  body: string;
}

export interface FakeStripe {
  origin: string;
  requests: StripeRequest[];
  customers: Map<string, FakeCustomer>;
  checkoutSessions: Map<string, FakeCheckoutSession>;
  /** Settings pointing Vitalis at this fake (key, base, webhook secret, the two prices). */
  env(): Record<string, string>;
  /** The next n API calls answer this status with a Stripe api_error (e.g. 500). */
  failNext(n: number, status: number): void;
  /** The requests with this method whose path starts with the prefix. */
  calls(method: string, pathPrefix: string): StripeRequest[];
  close(): Promise<void>;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

type Answer = { status: number; body: unknown };
const stripeError = (status: number, type: string, message: string, code?: string, param?: string): Answer => ({
  status,
  body: { error: { type, ...(code ? { code } : {}), message, ...(param ? { param } : {}) } },
});
const missing = (what: string, id: string, param = 'id') => stripeError(404, 'invalid_request_error', `No such ${what}: '${id}'`, 'resource_missing', param);

/** `metadata[k]=v` pairs of a form as an object. */
function nested(form: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[([^\\]]+)\\]$`).exec(key);
    if (m) out[m[1]!] = value;
  }
  return out;
}

export async function startFakeStripe(options: { prices?: string[] } = {}): Promise<FakeStripe> {
  const requests: StripeRequest[] = [];
  const customers = new Map<string, FakeCustomer>();
  const checkoutSessions = new Map<string, FakeCheckoutSession>();
  const prices = new Set(options.prices ?? [FAKE_PRICE_PRO, FAKE_PRICE_FAMILY]);
  const idempotent = new Map<string, Answer>();
  let failing = { n: 0, status: 500 };

  const route = (req: StripeRequest): Answer => {
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (auth !== FAKE_STRIPE_KEY) return stripeError(401, 'invalid_request_error', `Invalid API Key provided: ${(auth ?? '').slice(0, 8)}****`);
    if (failing.n > 0) {
      failing.n--;
      return stripeError(failing.status, 'api_error', 'Something went wrong on our end (fake).');
    }
    const { method, path, form } = req;
    if (method === 'POST' && path === '/v1/customers') {
      const customer: FakeCustomer = { id: newId('cus'), object: 'customer', created: now(), email: form.email ?? null, metadata: nested(form, 'metadata') };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    const customerPath = /^\/v1\/customers\/([^/]+)$/.exec(path);
    if (customerPath) {
      const id = decodeURIComponent(customerPath[1]!);
      const customer = customers.get(id);
      if (method === 'GET') return customer ? { status: 200, body: customer.deleted ? { id, object: 'customer', deleted: true } : customer } : missing('customer', id);
      if (method === 'DELETE') {
        if (!customer || customer.deleted) return missing('customer', id);
        customer.deleted = true;
        return { status: 200, body: { id, object: 'customer', deleted: true } };
      }
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const mode = form.mode;
      if (mode !== 'subscription' && mode !== 'payment' && mode !== 'setup') return stripeError(400, 'invalid_request_error', 'Missing required param: mode.', 'parameter_missing', 'mode');
      const customerId = form.customer;
      if (customerId && (!customers.has(customerId) || customers.get(customerId)!.deleted)) return missing('customer', customerId, 'customer');
      const price = form['line_items[0][price]'];
      if (!price) return stripeError(400, 'invalid_request_error', 'Missing required param: line_items.', 'parameter_missing', 'line_items');
      if (!prices.has(price)) return missing('price', price, 'line_items[0][price]');
      if (!form.success_url) return stripeError(400, 'invalid_request_error', 'Missing required param: success_url.', 'parameter_missing', 'success_url');
      const id = newId('cs_test');
      const session: FakeCheckoutSession = {
        id,
        object: 'checkout.session',
        created: now(),
        customer: customerId ?? null,
        mode,
        status: 'open',
        url: `https://checkout.stripe.com/c/pay/${id}`,
        success_url: form.success_url ?? null,
        cancel_url: form.cancel_url ?? null,
        client_reference_id: form.client_reference_id ?? null,
        metadata: nested(form, 'metadata'),
        line_items_price: price,
      };
      checkoutSessions.set(id, session);
      return { status: 200, body: session };
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      const customerId = form.customer;
      if (!customerId) return stripeError(400, 'invalid_request_error', 'Missing required param: customer.', 'parameter_missing', 'customer');
      if (!customers.has(customerId) || customers.get(customerId)!.deleted) return missing('customer', customerId, 'customer');
      const id = newId('bps');
      return { status: 200, body: { id, object: 'billing_portal.session', created: now(), customer: customerId, return_url: form.return_url ?? null, url: `https://billing.stripe.com/p/session/${id}` } };
    }
    return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const form = Object.fromEntries(new URLSearchParams(req.method === 'GET' || req.method === 'DELETE' ? url.search : Buffer.concat(chunks).toString('utf8')));
      const recorded: StripeRequest = { method: req.method ?? 'GET', path: url.pathname, headers, form, at: Date.now() };
      requests.push(recorded);
      // Stripe replays the first answer to a POST with the same Idempotency-Key (the SDK retries with one).
      const key = recorded.method === 'POST' ? headers['idempotency-key'] : undefined;
      const answer = (key && idempotent.get(key)) || route(recorded);
      if (key && answer.status < 500) idempotent.set(key, answer);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': newId('req') });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    requests,
    customers,
    checkoutSessions,
    env: () => ({
      STRIPE_SECRET_KEY: FAKE_STRIPE_KEY,
      STRIPE_API_BASE: origin,
      STRIPE_WEBHOOK_SECRET: FAKE_STRIPE_WEBHOOK_SECRET,
      STRIPE_PRICE_PRO: FAKE_PRICE_PRO,
      STRIPE_PRICE_FAMILY: FAKE_PRICE_FAMILY,
    }),
    failNext: (n, status) => {
      failing = { n, status };
    },
    calls: (method, pathPrefix) => requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Stripe-Signature header Stripe sends with a webhook: t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${payload}`>. */
export function stripeSignature(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  const t = options.timestamp ?? now();
  const v1 = createHmac('sha256', options.secret ?? FAKE_STRIPE_WEBHOOK_SECRET).update(`${t}.${payload}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

export interface StripeEventLike {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
}

/** An event in Stripe's envelope around `object` (created: now unless given). */
export function stripeEvent(type: string, object: Record<string, unknown>, options: { id?: string; created?: number } = {}): StripeEventLike {
  return {
    id: options.id ?? newId('evt'),
    object: 'event',
    api_version: '2026-11-18.endive',
    created: options.created ?? now(),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/**
 * A subscription object as Stripe sends it in customer.subscription.* events (current API: the
 * billing period is on each item).
 */
export function stripeSubscription(fields: {
  customer: string;
  price: string;
  status?: string;
  id?: string;
  created?: number;
  periodEnd?: number;
  cancelAt?: number | null;
  endedAt?: number | null;
  metadata?: Record<string, string>;
}): Record<string, unknown> {
  const created = fields.created ?? now();
  const periodEnd = fields.periodEnd ?? created + 30 * 86_400;
  const id = fields.id ?? newId('sub');
  return {
    id,
    object: 'subscription',
    customer: fields.customer,
    status: fields.status ?? 'active',
    created,
    start_date: created,
    cancel_at: fields.cancelAt ?? null,
    cancel_at_period_end: false,
    canceled_at: fields.endedAt ?? null,
    ended_at: fields.endedAt ?? null,
    metadata: fields.metadata ?? {},
    items: {
      object: 'list',
      data: [
        {
          id: newId('si'),
          object: 'subscription_item',
          subscription: id,
          quantity: 1,
          current_period_start: periodEnd - 30 * 86_400,
          current_period_end: periodEnd,
          price: { id: fields.price, object: 'price', recurring: { interval: 'month', interval_count: 1 } },
        },
      ],
      has_more: false,
    },
  };
}

/** POSTs the event to the app's webhook URL, signed (or with the signature given), the body exactly as signed. */
export async function sendStripeWebhook(
  url: string,
  event: StripeEventLike | string,
  options: { secret?: string; timestamp?: number; signature?: string } = {},
): Promise<WebhookDelivery> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event, null, 2);
  const signature = options.signature ?? stripeSignature(payload, options);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature }, body: payload });
  return { status: res.status, body: await res.text() };
}
