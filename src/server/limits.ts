import {
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type VariableDefinitionNode,
} from 'postgraphile/graphql';
import type { Config } from '../config';

/**
 * Limits on what one GraphQL operation may ask for, checked before it is planned or executed:
 *
 * - depth: nesting of selection sets (introspection fields excluded);
 * - page size: `first` / `last` above MAX_PAGE_SIZE are refused;
 * - cost: every selected field counts once per row it may be returned for, where a field's row
 *   count is the product of the page sizes above it (`first`/`last`, or MAX_PAGE_SIZE for a
 *   connection or list without one). So `wearableDailies(first: 100) { nodes { date steps } }`
 *   costs 1 + 100 x 3.
 *
 * They run at execution time (grafast middleware), not as validation rules, because page sizes
 * usually arrive as variables, which validation never sees.
 */
export type LimitsConfig = Pick<Config, 'MAX_QUERY_DEPTH' | 'MAX_QUERY_COST' | 'MAX_PAGE_SIZE'>;

export interface OperationMeasure {
  depth: number;
  cost: number;
}

function limitError(message: string, extensions: Record<string, unknown>, nodes?: FieldNode): GraphQLError {
  return new GraphQLError(message, { nodes, extensions });
}

/**
 * Measures the operation and returns the errors that refuse it (empty when within limits).
 * Variables that fail coercion are left to grafast, which reports them properly.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  limits: LimitsConfig,
): { errors: GraphQLError[]; measure?: OperationMeasure } {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return { errors: [] };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const coerced = getVariableValues(schema, (operation.variableDefinitions ?? []) as VariableDefinitionNode[], rawVariables ?? {});
  if (coerced.errors) return { errors: [] };
  const variables = coerced.coerced;

  const rootType =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!rootType) return { errors: [] };

  const errors: GraphQLError[] = [];
  let maxDepth = 0;

  const intArg = (field: FieldNode, name: string): number | undefined => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    const value = arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : arg.value.kind === Kind.INT ? Number(arg.value.value) : undefined;
    return typeof value === 'number' ? value : undefined;
  };

  const isConnectionLike = (type: GraphQLCompositeType) =>
    (isObjectType(type) || isInterfaceType(type)) && /(Connection|Edge)$/.test(type.name);

  // Returns the cost of the selection set, for `rows` rows of its parent.
  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, depth: number, rows: number, seen: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (!type || !isCompositeType(type)) continue;
        cost += walk(fragment.selectionSet, type, depth, rows, new Set(seen).add(name));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!type || !isCompositeType(type)) continue;
        cost += walk(selection.selectionSet, type, depth, rows, seen);
        continue;
      }
      const name = selection.name.value;
      // Introspection (allowed or refused elsewhere) and __typename are free.
      if (name.startsWith('__')) continue;
      cost += rows;
      maxDepth = Math.max(maxDepth, depth);
      if (!selection.selectionSet) continue;
      const fieldDef = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
      if (!fieldDef) continue;
      const returnType = getNamedType(fieldDef.type);
      if (!isCompositeType(returnType)) continue;

      let pageSize: number | undefined;
      for (const argName of ['first', 'last']) {
        const value = intArg(selection, argName);
        if (value === undefined) continue;
        if (value > limits.MAX_PAGE_SIZE) {
          errors.push(
            limitError(`${argName} must be at most ${limits.MAX_PAGE_SIZE} (got ${value}); fetch more rows with cursors`, { code: 'BAD_USER_INPUT', field: argName }, selection),
          );
        }
        pageSize = Math.min(pageSize ?? Infinity, Math.max(value, 0));
      }
      let childRows = rows;
      if (pageSize !== undefined) childRows = rows * pageSize;
      else if (isConnectionLike(returnType) && /Connection$/.test(returnType.name)) childRows = rows * limits.MAX_PAGE_SIZE;
      else if (isListType(getNullableType(fieldDef.type)) && !isConnectionLike(parentType)) childRows = rows * limits.MAX_PAGE_SIZE;
      cost += walk(selection.selectionSet, returnType, depth + 1, childRows, seen);
    }
    return cost;
  };

  const cost = walk(operation.selectionSet, rootType, 1, 1, new Set());
  const measure = { depth: maxDepth, cost };
  if (maxDepth > limits.MAX_QUERY_DEPTH) {
    errors.unshift(
      limitError(`The query is nested ${maxDepth} levels deep; at most ${limits.MAX_QUERY_DEPTH} are allowed`, {
        code: 'QUERY_TOO_DEEP',
        depth: maxDepth,
        maxDepth: limits.MAX_QUERY_DEPTH,
      }),
    );
  }
  if (cost > limits.MAX_QUERY_COST) {
    errors.push(
      limitError(`The query could return too much data (cost ${cost}, at most ${limits.MAX_QUERY_COST}); ask for fewer rows (first/last) or fewer nested lists`, {
        code: 'QUERY_TOO_COSTLY',
        cost,
        maxCost: limits.MAX_QUERY_COST,
      }),
    );
  }
  return { errors, measure };
}

/** Refuses __schema and __type (graphql's NoSchemaIntrospectionCustomRule), with a stable code. */
export const NoIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError('Introspection is disabled on this server', { nodes: node, extensions: { code: 'INTROSPECTION_DISABLED' } }));
    }
  },
});

/**
 * A graphile-config plugin: the limits above (grafast `execute` middleware, before planning), and,
 * when introspection is off, the introspection-refusing validation rule (grafserv).
 */
export function makeLimitsPlugin(limits: LimitsConfig & { introspection: boolean }): GraphileConfig.Plugin {
  return {
    name: 'VitalisLimitsPlugin',
    version: '1.0.0',
    description: 'Depth, cost and page-size limits; introspection off unless enabled',
    grafast: {
      middleware: {
        execute(next, event) {
          const { schema, document, operationName, variableValues } = event.args;
          const { errors } = checkOperationLimits(schema, document, operationName, variableValues as Record<string, unknown> | undefined, limits);
          if (errors.length) return { errors };
          return next();
        },
      },
    },
    grafserv: {
      middleware: {
        setPreset(next, event) {
          if (!limits.introspection) event.validationRules.push(NoIntrospectionRule);
          return next();
        },
      },
    },
  };
}
