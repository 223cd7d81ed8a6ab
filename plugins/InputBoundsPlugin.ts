// Reports every out-of-bounds field of a mutation's input at once. The SQL CHECKs are the guard,
// but PostgreSQL stops at the first failing one: a client fixing a form would learn its mistakes
// one request at a time. Before a mutation is planned, this walks its arguments, finds the table
// input objects (create inputs and patches) and judges each against src/validation/bounds.ts.
//
// Two or more problems: one GraphQLError, extensions { code: 'BAD_USER_INPUT', field: <first>,
// fields: [{ field, message }, ...] }. One problem: left to SQL, whose message is the same rule
// (and is the established single-field error shape), unless SQL could not name the field
// (Infinity in a numeric column overflows its type before any CHECK runs) or would not refuse it
// at all (a date sent as 'today' or as a date-time: rowProblems' isFormatProblem); those are
// answered here in that single-field shape, extensions { code: 'BAD_USER_INPUT', field }.
import type {} from 'postgraphile';
import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'postgraphile/graphql';
import { isFormatProblem, isNonFiniteProblem, rowProblems, type ColumnInfo, type ColumnKind, type FieldProblem } from '../src/validation/rowProblems';

/** What the schema hook records on a table's input and patch types. */
interface TableInputExtension {
  table: string;
  columns: Record<string, ColumnInfo>;
}

const EXTENSION = 'vitalisInputBounds';

function columnKind(codec: { name?: string; arrayOfCodec?: { name?: string } }): ColumnKind {
  if (codec.arrayOfCodec) return codec.arrayOfCodec.name === 'text' || codec.arrayOfCodec.name === 'varchar' ? 'text[]' : 'other';
  switch (codec.name) {
    case 'int2': case 'int4': case 'int8': case 'numeric': case 'float4': case 'float8':
      return 'number';
    case 'text': case 'varchar': case 'citext':
      return 'text';
    case 'json': case 'jsonb':
      return 'json';
    case 'date':
      return 'date';
    case 'timestamptz': case 'timestamp':
      return 'timestamp';
    default:
      return 'other';
  }
}

function collect(value: unknown, type: GraphQLInputType, out: FieldProblem[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return collect(value, type.ofType, out);
  if (isListType(type)) {
    if (Array.isArray(value)) for (const item of value) collect(item, type.ofType, out);
    return;
  }
  if (!isInputObjectType(type) || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  const ext = (type.extensions as Record<string, unknown> | undefined)?.[EXTENSION] as TableInputExtension | undefined;
  if (ext) out.push(...rowProblems(ext.table, record, ext.columns));
  const fields = type.getFields();
  for (const [name, v] of Object.entries(record)) {
    const field = fields[name];
    if (field && isInputObjectType(getNamedType(field.type))) collect(v, field.type, out);
  }
}

/** The one error refusing the operation, or undefined when its mutation inputs are within bounds (or have a single problem). */
export function checkInputBounds(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): GraphQLError | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const mutationType = schema.getMutationType();
  if (!operation || operation.operation !== 'mutation' || !mutationType) return undefined;
  // Variables that fail coercion are left to grafast, which reports them properly.
  const coerced = getVariableValues(schema, (operation.variableDefinitions ?? []) as VariableDefinitionNode[], rawVariables ?? {});
  if (coerced.errors) return undefined;
  const fields = mutationType.getFields();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const node = selection as FieldNode;
    const def = fields[node.name.value];
    if (!def) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, node, coerced.coerced);
    } catch {
      continue; // a bad literal: GraphQL validation reports it
    }
    const problems: FieldProblem[] = [];
    for (const arg of def.args) collect(args[arg.name], arg.type, problems);
    const only = problems.length === 1 ? problems[0]! : undefined;
    if (only && (isNonFiniteProblem(only) || isFormatProblem(only))) {
      // The established single-field shape, as SQL's refusals are answered (src/server/pgErrors.ts).
      return new GraphQLError(only.message, { nodes: [node], path: [node.alias?.value ?? node.name.value], extensions: { code: 'BAD_USER_INPUT', field: only.field } });
    }
    if (problems.length >= 2) {
      return new GraphQLError(`${problems.length} fields are not valid: ${problems.map((p) => p.message).join('; ')}`, {
        nodes: [node],
        path: [node.alias?.value ?? node.name.value],
        extensions: { code: 'BAD_USER_INPUT', field: problems[0]!.field, fields: problems },
      });
    }
  }
  return undefined;
}

export const InputBoundsPlugin: GraphileConfig.Plugin = {
  name: 'VitalisInputBoundsPlugin',
  description: 'Reports every out-of-bounds field of a mutation input at once (bounds.ts), before SQL runs.',
  version: '1.0.0',
  schema: {
    hooks: {
      GraphQLInputObjectType(config, build, context) {
        const { pgCodec, isInputType, isPgPatch, isPgRowType } = context.scope;
        const pg = (pgCodec?.extensions as { pg?: { schemaName?: string; name?: string } } | undefined)?.pg;
        if (!pgCodec?.attributes || !isPgRowType || !(isInputType || isPgPatch) || pg?.schemaName !== 'vitalis' || !pg.name) return config;
        const columns: Record<string, ColumnInfo> = {};
        const codec = pgCodec as Parameters<typeof build.inflection.attribute>[0]['codec'];
        for (const [attributeName, attribute] of Object.entries(pgCodec.attributes)) {
          const fieldName = build.inflection.attribute({ attributeName, codec });
          columns[fieldName] = { column: attributeName, kind: columnKind(attribute.codec as { name?: string; arrayOfCodec?: { name?: string } }) };
        }
        const extension: TableInputExtension = { table: pg.name, columns };
        return { ...config, extensions: { ...config.extensions, [EXTENSION]: extension } };
      },
    },
  },
  grafast: {
    middleware: {
      execute(next, event) {
        const { schema, document, operationName, variableValues } = event.args;
        const error = checkInputBounds(schema, document, operationName, variableValues as Record<string, unknown> | undefined);
        if (error) return { errors: [error] };
        return next();
      },
    },
  },
};
