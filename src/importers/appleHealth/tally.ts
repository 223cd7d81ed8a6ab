import type { Range } from '../../validation/bounds';
import { detach } from './strings';

const MAX_WARNINGS = 50;

/** The reason given for a value outside its column's bounds. */
export const outOfRange = (table: string, column: string, range: Range): string => `${table}.${column} outside ${range.min}..${range.max}`;

/** Counts what was dropped and why, in memory that does not grow with the number of records. */
export class Tally {
  private readonly reasons = new Map<string, number>();
  private readonly unmapped = new Map<string, number>();
  readonly warnings: string[] = [];
  private extraWarnings = 0;

  skip(reason: string, example?: string): void {
    const n = (this.reasons.get(reason) ?? 0) + 1;
    this.reasons.set(n === 1 ? detach(reason) : reason, n);
    if (n === 1 && example) this.warn(`${reason}, e.g. ${example}`);
  }

  unmappedType(type: string): void {
    const n = (this.unmapped.get(type) ?? 0) + 1;
    this.unmapped.set(n === 1 ? detach(type) : type, n);
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(detach(message));
    else this.extraWarnings++;
  }

  /** The value if it lies in range (rounded first for integer columns), else undefined and a counted reason. */
  bounded(table: string, column: string, value: number | undefined, range: Range, where: string): number | undefined {
    if (value === undefined) return undefined;
    const v = range.integer ? Math.round(value) : value;
    if (!(v >= range.min && v <= range.max)) {
      this.skip(outOfRange(table, column, range), `${value} on ${where}`);
      return undefined;
    }
    return v;
  }

  skipped(): Array<{ reason: string; count: number }> {
    return [...this.reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }

  unmappedTypes(): Array<{ type: string; count: number }> {
    return [...this.unmapped].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  }

  allWarnings(): string[] {
    return this.extraWarnings ? [...this.warnings, `... and ${this.extraWarnings} more warnings`] : [...this.warnings];
  }
}
