// What each client saw: every write it sent with the identity it chose for it (a unique note, date
// or source id), whether the server acknowledged it, and per operation the latencies, status
// classes and error codes. Reconciliation (reconcile.ts) checks the database against the writes.
import type { Exchange, StatusClass } from './client';
import type { Operation } from './options';

export type WriteKind = 'measurement' | 'mood' | 'daily' | 'activity' | 'strongImport' | 'appleHealthImport' | 'appleHealthMeasurement';

export interface LedgerWrite {
  kind: WriteKind;
  userId: string;
  /** The client-chosen identity: notes text (measurement, mood), YYYY-MM-DD (daily), source_activity_id (activity), workout name (strongImport), the file's tag (appleHealthImport), the record's instant (appleHealthMeasurement). */
  identity: string;
  /** What the row must hold: the value, mood score, steps, duration, number of sets or of records. */
  expected: number;
  acknowledged: boolean;
  /** For a write that was not acknowledged: how it failed. */
  failure?: { statusClass: StatusClass; code: string | null; message: string | null };
  /** Imports: the job the upload queued and how it ended. */
  job?: { jobId: string; status: string | null; result: unknown; errorMessage: string | null; queuedAt: string | null; startedAt: string | null; completedAt: string | null; observedMs: number | null };
}

/** Operations as measured: the mix's operations plus the import's job polls. */
export type MeasuredOperation = Operation | 'ingestionJobPoll';

export interface OperationRecord {
  latencies: number[];
  ok: number;
  statusClasses: Partial<Record<StatusClass, number>>;
  /** Error code -> count, for every response that was not acknowledged. */
  errors: Record<string, number>;
  /** A few example messages per code, for the report. */
  examples: Record<string, string>;
}

export class Ledger {
  readonly writes: LedgerWrite[] = [];
  readonly operations = new Map<MeasuredOperation, OperationRecord>();
  /** Every 5xx, with its operation and message (the target is none). */
  /** Acknowledged answers that contradict what was sent (e.g. a batch of new rows not all inserted). */
  readonly anomalies: string[] = [];
  readonly serverErrors: Array<{ operation: MeasuredOperation; status: number | null; message: string | null }> = [];

  record(operation: MeasuredOperation, exchange: Exchange): void {
    let record = this.operations.get(operation);
    if (!record) {
      record = { latencies: [], ok: 0, statusClasses: {}, errors: {}, examples: {} };
      this.operations.set(operation, record);
    }
    record.latencies.push(exchange.latencyMs);
    record.statusClasses[exchange.statusClass] = (record.statusClasses[exchange.statusClass] ?? 0) + 1;
    if (exchange.ok) {
      record.ok++;
      return;
    }
    const code = `${exchange.status ?? exchange.statusClass} ${exchange.code ?? ''}`.trim();
    record.errors[code] = (record.errors[code] ?? 0) + 1;
    record.examples[code] ??= (exchange.message ?? '').slice(0, 300);
    if (exchange.statusClass === '5xx') this.serverErrors.push({ operation, status: exchange.status, message: exchange.message });
  }

  write(entry: LedgerWrite): LedgerWrite {
    this.writes.push(entry);
    return entry;
  }
}
