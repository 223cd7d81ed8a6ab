// Arbitrary JSON values for field-level fuzzing of JSON inputs (provider payloads, batch upsert
// rows, GraphQL variables): wrong types, out-of-range and non-finite numbers, NaN/Infinity as
// strings, odd dates and offsets, huge strings and arrays, nested objects.
import fc from 'fast-check';
import { formatLike, HUGE_BYTES, oddStamp } from './mutate';

export const oddDateString: fc.Arbitrary<string> = fc.oneof(
  oddStamp.map((s) => formatLike('2024-01-01T00:00:00+00:00', s)),
  oddStamp.map((s) => formatLike('2024-01-01T00:00:00Z', s)),
  oddStamp.map((s) => formatLike('2024-01-01 00:00', s).slice(0, 10)),
  fc.constantFrom('0001-01-01', '9999-12-31', '2024-02-30', '2024-13-01', '2024-03-10T02:30:00-05:00', '2024-11-03T01:30:00', 'infinity', '-infinity', 'epoch', 'today', 'allballs', '1712345678', '2024-W10', '24-03-01', ''),
);

/** Any JSON value a careless or hostile client may send where something else was expected. */
export const weirdJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, true, false, 0, -0, -1, 1, 0.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 32768, 1e-320) },
  { weight: 3, arbitrary: fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', 'null', '1e999', '1e-999', '0x10', '١٢', '12abc', '1,5', '  42  ', '-0', '9'.repeat(40), '\u0000', '\uFEFF', '💪') },
  { weight: 3, arbitrary: oddDateString },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant(null).map(() => 'x'.repeat(Math.min(HUGE_BYTES, 10 * 1024 * 1024))) },
);

/** A path into a JSON document: its nodes, in document order. */
export function jsonPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => jsonPaths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) jsonPaths(v, [...prefix, k], out);
  return out;
}

export type JsonEdit = { op: 'replace' | 'delete' | 'duplicate'; pick: number; value: unknown };

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({ op: fc.constantFrom('replace' as const, 'replace' as const, 'replace' as const, 'delete' as const, 'duplicate' as const), pick: fc.nat(), value: weirdJson });

/** The document with one node replaced, deleted, or (in an array) duplicated; the root is replaced only by 'replace'. */
export function applyJsonEdit(doc: unknown, edit: JsonEdit): unknown {
  const copy = structuredClone(doc);
  const paths = jsonPaths(copy);
  const target = paths[edit.pick % paths.length]!;
  if (target.length === 0) return edit.op === 'replace' ? edit.value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of target.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = target[target.length - 1]!;
  if (edit.op === 'replace') parent[key] = edit.value;
  else if (Array.isArray(parent)) {
    if (edit.op === 'delete') parent.splice(key as number, 1);
    else parent.splice(key as number, 0, structuredClone(parent[key as number]));
  } else if (edit.op === 'delete') delete parent[key];
  else parent[key] = edit.value;
  return copy;
}
