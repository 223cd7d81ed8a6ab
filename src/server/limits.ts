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
import { SafeError } from 'postgraphile/grafast';
import type { Config } from '../config';
import { makeDocumentChecker, type DocumentLimitsConfig } from './documentLimits';

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
 * usually arrive as variables, which validation never sees. The walk is linear in the document:
 * each fragment is measured once, however often it is spread. The document's own size and shape
 * (src/server/documentLimits.ts) are checked earlier, before validation.
 */
export type LimitsConfig = Pick<Config, 'MAX_QUERY_DEPTH' | 'MAX_QUERY_COST' | 'MAX_PAGE_SIZE'>;

export interface OperationMeasure {
  depth: number;
  cost: number;
}

interface Measured {
  cost: number;
  depth: number;
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
): { errors: GraphQLError[]; measure?: OperationMeasure; visits?: number } {
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
  let visits = 0;

  const intArg = (field: FieldNode, name: string): number | undefined => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    const value = arg.value.kind === Kind.VARIABLE ? variables[arg.value.name.value] : arg.value.kind === Kind.INT ? Number(arg.value.value) : undefined;
    return typeof value === 'number' ? value : undefined;
  };

  const isConnectionLike = (type: GraphQLCompositeType) =>
    (isObjectType(type) || isInterfaceType(type)) && /(Connection|Edge)$/.test(type.name);

  // A fragment's cost per row of its parent and its depth below the spread are the same wherever
  // it is spread (they depend on its type condition only): measured once, then looked up. The cost
  // of a selection set is linear in the rows above it, so the rows multiply the memoised figure.
  const memo = new Map<string, Measured>();
  const inProgress = new Set<string>();
  const none: Measured = { cost: 0, depth: 0 };

  const fragmentMeasure = (name: string): Measured => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // A cycle (refused by validation before this runs) counts nothing, as before.
    if (!fragment || inProgress.has(name)) return none;
    const type = schema.getType(fragment.typeCondition.name.value);
    if (!type || !isCompositeType(type)) return none;
    inProgress.add(name);
    const measured = walk(fragment.selectionSet, type);
    inProgress.delete(name);
    memo.set(name, measured);
    return measured;
  };

  // The cost of the selection set for one row of its parent, and the depth of its deepest field
  // (1 for its own fields).
  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType): Measured => {
    let cost = 0;
    let depth = 0;
    for (const selection of selectionSet.selections) {
      visits++;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const part = fragmentMeasure(selection.name.value);
        cost += part.cost;
        depth = Math.max(depth, part.depth);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!type || !isCompositeType(type)) continue;
        const part = walk(selection.selectionSet, type);
        cost += part.cost;
        depth = Math.max(depth, part.depth);
        continue;
      }
      const name = selection.name.value;
      // Introspection (allowed or refused elsewhere) and __typename are free.
      if (name.startsWith('__')) continue;
      cost += 1;
      depth = Math.max(depth, 1);
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
      let rows = 1;
      if (pageSize !== undefined) rows = pageSize;
      else if (isConnectionLike(returnType) && /Connection$/.test(returnType.name)) rows = limits.MAX_PAGE_SIZE;
      else if (isListType(getNullableType(fieldDef.type)) && !isConnectionLike(parentType)) rows = limits.MAX_PAGE_SIZE;
      const child = walk(selection.selectionSet, returnType);
      cost += rows * child.cost;
      depth = Math.max(depth, 1 + child.depth);
    }
    return { cost, depth };
  };

  const { cost, depth: maxDepth } = walk(operation.selectionSet, rootType);
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
  return { errors, measure, visits };
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
 * The HTTP status grafserv gives a validation error, which a refused document gets too: 200 for a
 * client that accepts application/json only, 400 for application/graphql-response+json (which
 * grafserv chooses when the client accepts both, or names neither).
 */
function statusLikeValidation(accept: string | undefined): number {
  return accept && accept.includes('application/json') && !accept.includes('application/graphql-response+json') ? 200 : 400;
}

/**
 * A graphile-config plugin: the document limits (grafserv `processGraphQLRequestBody`, before the
 * document is parsed for validation), the limits above (grafast `execute` and `subscribe` middleware, before
 * planning), and, when introspection is off, the introspection-refusing validation rule.
 *
 * The body hook runs outermost (before the trusted-documents plugins) and checks the body after
 * the others have run, so a document fetched by id is checked like one sent as text. grafserv
 * refuses batched (JSON array) bodies before any hook, and GET requests go through the same hook.
 */
export function makeLimitsPlugin(limits: LimitsConfig & DocumentLimitsConfig & { introspection: boolean }): GraphileConfig.Plugin {
  const checkDocument = makeDocumentChecker(limits);
  const refusal = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: unknown }) => {
    const { errors } = checkOperationLimits(args.schema, args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined, limits);
    return errors.length ? { errors } : undefined;
  };
  return {
    name: 'VitalisLimitsPlugin',
    version: '1.0.0',
    description: 'Document size and shape, depth, cost and page-size limits; introspection off unless enabled',
    before: ['VitalisTrustedDocumentsGatePlugin', 'PersistedPlugin'],
    grafast: {
      middleware: {
        execute(next, event) {
          return refusal(event.args) ?? next();
        },
        // Subscriptions (the websocket, src/server/liveSocket.ts) start through grafast's subscribe, not execute.
        subscribe(next, event) {
          return refusal(event.args) ?? next();
        },
      },
    },
    grafserv: {
      middleware: {
        async processGraphQLRequestBody(next, event) {
          await next();
          const { query, variableValues } = event.body;
          if (typeof query !== 'string') return;
          const refused = checkDocument(query, variableValues);
          if (refused) {
            const statusCode = statusLikeValidation(event.request?.getHeader('accept'));
            throw new SafeError(refused.message, { statusCode, code: refused.code, limit: refused.limit, max: refused.max });
          }
        },
        setPreset(next, event) {
          if (!limits.introspection) event.validationRules.push(NoIntrospectionRule);
          return next();
        },
      },
    },
  };
}
