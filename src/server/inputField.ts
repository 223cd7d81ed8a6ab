import {
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'postgraphile/graphql';

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
