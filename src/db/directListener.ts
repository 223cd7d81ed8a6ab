import { Client } from 'pg';

/** How often, at most, to retry a LISTEN connection after it failed. */
const MAX_RECONNECT_MS = 30_000;

export interface DirectListenerOptions {
  /** A direct connection string: LISTEN outlives transactions, so never a transaction-mode pooler. */
  url: string;
  channel: string;
  applicationName: string;
  onNotification: (payload: string) => void;
  /** LISTEN is in place (first time or again): whatever was sent while it was down is lost. */
  onUp: () => void;
  /** The connection failed or ended: notifications may be missed until onUp. */
  onDown: (error: Error) => void;
}

export interface DirectListener {
  readonly up: boolean;
  close(): Promise<void>;
}

/**
 * One LISTEN on a connection of its own that reconnects with backoff (250 ms doubling to 30 s).
 * PostGraphile's PgSubscriber deliberately does not reconnect (its subscribers must learn that
 * messages were lost); a cache only needs to know when it cannot trust itself: onDown and onUp.
 */
export function listenDirect(options: DirectListenerOptions): DirectListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`channel: must be a lowercase identifier, got ${options.channel}`);
  let up = false;
  let closed = false;
  let current: Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    const delay = Math.min(MAX_RECONNECT_MS, 250 * 2 ** Math.min(failures, 7));
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delay);
    retryTimer.unref();
  };

  const drop = (client: Client, error: Error) => {
    if (current !== client) return;
    current = undefined;
    up = false;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    options.onDown(error);
    scheduleReconnect();
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const client = new Client({ connectionString: options.url, application_name: options.applicationName, connectionTimeoutMillis: 10_000 });
    current = client;
    client.on('error', (error) => drop(client, error));
    client.on('end', () => {
      if (!closed) drop(client, new Error('LISTEN connection ended'));
    });
    client.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotification(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`listen ${options.channel}`);
      if (closed || current !== client) {
        await client.end().catch(() => {});
        return;
      }
      failures = 0;
      up = true;
      options.onUp();
    } catch (error) {
      drop(client, error as Error);
    }
  }

  void connect();

  return {
    get up() {
      return up;
    },
    async close() {
      closed = true;
      up = false;
      if (retryTimer) clearTimeout(retryTimer);
      const client = current;
      current = undefined;
      await client?.end().catch(() => {});
    },
  };
}
