import type { IncomingMessage } from 'node:http';

export interface OperationLabel {
  name: string;
  type: string;
}

/** Longer names are legal GraphQL, but no client's real operation: counted as "other". */
const MAX_NAME_LENGTH = 100;

/**
 * The GraphQL operation each request ran, for its latency label, with bounded cardinality:
 * operation names are chosen by clients, so only the first `cap` distinct names become label
 * values and later ones are "other" (with trusted documents on, the names are the registered
 * ones anyway). Requests whose document never reached execution have no entry ("invalid").
 */
export class OperationLabels {
  private readonly byRequest = new WeakMap<IncomingMessage, OperationLabel>();
  private readonly names = new Set<string>();

  constructor(private readonly cap = 200) {}

  note(req: IncomingMessage, name: string | undefined, type: string): void {
    this.byRequest.set(req, { name: this.nameLabel(name), type });
  }

  of(req: IncomingMessage): OperationLabel {
    return this.byRequest.get(req) ?? { name: 'invalid', type: 'none' };
  }

  private nameLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.names.has(name)) return name;
    if (name.length > MAX_NAME_LENGTH || this.names.size >= this.cap) return 'other';
    this.names.add(name);
    return name;
  }
}
