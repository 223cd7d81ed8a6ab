import {
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'postgraphile/graphql';
import { isPgError, type PgErrorLike } from './pgErrors';

/**
 * Which GraphQL argument or input field a value came from, for the errors that only quote the
 * value (a PostgreSQL data exception such as `invalid input syntax for type date: "2025-13-45"`,
 * raised without a column) or only say what was wrong (an invalid cursor, a negative LIMIT).
 * Works on the operation as sent: the document, the error's path and the request's variables.
 */

type Variables = Record<string, unknown> | null | undefined;

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** The field node the error path points at (aliases and fragments followed; list indexes skipped). */
export function fieldNodeAtPath(
  document: DocumentNode,
  operationName: string | null | undefined,
  path: ReadonlyArray<string | number>,
): FieldNode | undefined {
  const operation = operationOf(document, operationName);
  if (!operation) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const find = (selectionSet: SelectionSetNode, key: string, seen: Set<string>): FieldNode | undefined => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD && (selection.alias ?? selection.name).value === key) return selection;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const found = find(selection.selectionSet, key, seen);
        if (found) return found;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        const found = fragment && find(fragment.selectionSet, key, new Set(seen).add(selection.name.value));
        if (found) return found;
      }
    }
    return undefined;
  };

  let selectionSet: SelectionSetNode | undefined = operation.selectionSet;
  let node: FieldNode | undefined;
  for (const key of path) {
    if (typeof key === 'number') continue;
    if (!selectionSet) return undefined;
    node = find(selectionSet, key, new Set());
    if (!node) return undefined;
    selectionSet = node.selectionSet;
  }
  return node;
}

/** The field's arguments as plain values, variables filled in. */
export function argumentValues(node: FieldNode, variables: Variables): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of node.arguments ?? []) values[arg.name.value] = valueFromASTUntyped(arg.value, variables ?? undefined);
  return values;
}

/** The name of the innermost argument or input field holding `value` (compared as text, or tested). */
export function fieldHolding(values: Record<string, unknown>, value: string | ((leaf: unknown) => boolean)): string | undefined {
  const matches = typeof value === 'string' ? (leaf: unknown) => String(leaf) === value : value;
  const visit = (current: unknown, key: string): string | undefined => {
    if (Array.isArray(current)) {
      for (const item of current) {
        const found = visit(item, key);
        if (found) return found;
      }
      return undefined;
    }
    if (current !== null && typeof current === 'object') {
      for (const [k, v] of Object.entries(current)) {
        const found = visit(v, k);
        if (found) return found;
      }
      return undefined;
    }
    return current !== null && current !== undefined && matches(current) ? key : undefined;
  };
  for (const [name, v] of Object.entries(values)) {
    const found = visit(v, name);
    if (found) return found;
  }
  return undefined;
}

/**
 * The text PostgreSQL quotes in a data exception: 'invalid input syntax for type date: "x"' -> x,
 * 'value "99999999999" is out of range for type integer' -> 99999999999.
 */
export function quotedValue(message: string): string | undefined {
  return /(?:: |value )"((?:[^"\\]|\\.)*)"/.exec(message)?.[1];
}

/**
 * The errors that name only a value or a rule (a PostgreSQL data exception without a column, an
 * invalid cursor, a negative LIMIT): which argument or input field they are about, found in the
 * operation as sent. maskError reads it (it sees only the error, not the request).
 */
export const inputFieldOf = new WeakMap<object, string>();

function inputFieldFor(error: GraphQLError, args: ExecutionArgs): string | undefined {
  const original = error.originalError as (Error & PgErrorLike) | undefined;
  if (!original || !error.path) return undefined;
  const cursor = /^Invalid cursor/.test(original.message);
  const pgData = isPgError(original) && /^22/.test(original.code ?? '') && !original.column;
  if (!cursor && !pgData) return undefined;
  const node = fieldNodeAtPath(args.document, args.operationName, error.path);
  if (!node) return undefined;
  const values = argumentValues(node, args.variableValues as Record<string, unknown> | undefined);
  if (cursor) {
    const given = ['after', 'before'].filter((name) => values[name] != null);
    return given.find((name) => !isCursorLike(values[name])) ?? given[0];
  }
  // LIMIT / OFFSET must not be negative: first, last, offset.
  if (original.code === '2201W') return ['first', 'last'].find((name) => typeof values[name] === 'number' && (values[name] as number) < 0);
  if (original.code === '2201X') return 'offset';
  // numeric field overflow: 'A field with precision 6, scale 2 must round to an absolute value less than 10^4.'
  const digits = original.code === '22003' ? /less than 10\^(\d+)/.exec(original.detail ?? '')?.[1] : undefined;
  const value = quotedValue(original.message);
  const holding = digits
    ? fieldHolding(values, (leaf) => (typeof leaf === 'number' || typeof leaf === 'string') && Math.abs(Number(leaf)) >= 10 ** Number(digits))
    : value === undefined
      ? undefined
      : fieldHolding(values, value);
  if (holding) return holding;
  const names = Object.keys(values);
  return names.length === 1 ? names[0] : undefined;
}

/** PostGraphile cursors are base64 of a JSON array. */
function isCursorLike(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return Array.isArray(JSON.parse(Buffer.from(value, 'base64').toString('utf8')));
  } catch {
    return false;
  }
}

/** Notes, for each error of an execution result, the input field it is about (inputFieldOf). */
export function noteInputFields(result: unknown, args: ExecutionArgs): void {
  const errors = (result as ExecutionResult | null)?.errors;
  if (!errors) return;
  for (const error of errors) {
    const field = error.originalError && inputFieldFor(error, args);
    if (field && error.originalError) inputFieldOf.set(error.originalError, field);
  }
}
