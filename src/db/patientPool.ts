// A pool whose connect() waits for the database to come back instead of failing at once while it
// is down or restarting. The worker's pools are of this kind: graphile-worker records a job's
// outcome (completeJob / failJob) without awaiting it and retries only a few error codes, so one
// refused connection at that moment was an unhandled rejection that ended the whole process (and,
// under `npm start`, the API with it), leaving the job locked; a task recording "retrying" on its
// ingestion job while the database restarts would likewise lose that move. Queries already running
// when the connection breaks still fail, as they must: the attempt failed, and is retried.
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { isDatabaseUnavailable } from './unavailable';

export interface PatientPoolOptions extends PoolConfig {
  /** How long connect() keeps trying while the database is unreachable (default 10 minutes). */
  waitForDatabaseMs?: number;
  /** Called once per outage, when the first connection attempt fails, and again when one succeeds. */
  onWaiting?: (state: 'waiting' | 'connected', error?: unknown) => void;
}

type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void;

export class PatientPool extends Pool {
  private readonly waitMs: number;
  private readonly onWaiting?: PatientPoolOptions['onWaiting'];
  private waiting = false;

  constructor(options: PatientPoolOptions) {
    const { waitForDatabaseMs, onWaiting, ...config } = options;
    super(config);
    this.waitMs = waitForDatabaseMs ?? 10 * 60_000;
    this.onWaiting = onWaiting;
  }

  override connect(): Promise<PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
    const connected = this.connectPatiently();
    if (!callback) return connected;
    // pool.query() uses the callback form.
    connected.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (error: Error) => callback(error, undefined, () => {}),
    );
  }

  private async connectPatiently(): Promise<PoolClient> {
    const deadline = Date.now() + this.waitMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        const client = await super.connect();
        if (this.waiting) {
          this.waiting = false;
          this.onWaiting?.('connected');
        }
        return client;
      } catch (error) {
        if (this.ending || this.ended || !isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
        if (!this.waiting) {
          this.waiting = true;
          this.onWaiting?.('waiting', error);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
