// Cursor (keyset) pagination that holds for every orderBy value, NULLs included.
//
// @dataplan/pg 1.1.2 builds the `after`/`before` condition of a nullable order key with the
// NULL branch the wrong way round (applyConditionFromCursor: for ASC, where NULLs sort last, it
// adds `x is not null and cursor is null` instead of `x is null and cursor is not null`), so
// `after` a non-null cursor skips every NULL row and `after` a NULL cursor returns the non-null
// rows again, forever. Order expressions that carry no `nullable` flag (pg-aggregates' related
// sum/min/max/avg/stddev orderings, NULL when there are no related rows) are compared with a
// plain `>`, which drops NULLs too. Separately, PgOrderAllAttributesPlugin declares an ordering
// unique when the column merely starts a multi-column unique constraint (USER_ID_ASC on a table
// with unique (user_id, date, source)), so no primary-key tiebreaker is added and rows with equal
// values are skipped or repeated across pages.
//
// The fix wraps every OrderBy enum value: each order key that can be NULL becomes two keys,
// `(x is null)` (never NULL, placing NULLs where PostgreSQL's default for the direction puts
// them, or where the spec's `nulls` says) followed by `x` itself. Past the first key, a cursor and
// a row compared on `x` are either both NULL or both non-null, where the library's comparison is
// right. Cursors carry NULL as NULL (see nullSafe), and an expression key is computed once per
// row in a lateral join (see once). A value's claim to a unique order is kept only when its keys
// cover a unique constraint whose columns are all NOT NULL; otherwise @dataplan/pg appends the
// primary key as tiebreaker. test/server/pagination.test.ts pages through every ordering.
import { createHash } from 'node:crypto';
import type { PgCodec, PgOrderSpec } from '@dataplan/pg';
import type {} from 'postgraphile';
import type { SQL } from 'postgraphile/pg-sql2';

interface OrderTarget {
  readonly alias: SQL;
  readonly mode?: string;
  join?(spec: { type: 'cross'; lateral: boolean; from: SQL; alias: SQL; attributeNames: SQL }): void;
  orderBy(spec: PgOrderSpec): void;
  setOrderIsUnique(): void;
}

type Apply = (target: OrderTarget, ...rest: unknown[]) => void;

// PgCursorStep passes each order value through codec.fromPg without a NULL check: a NULL int
// becomes 0 in the cursor (so `after` it starts from the wrong place) and a NULL boolean throws.
// Nullable order keys get a copy of their codec that leaves NULL alone.
const nullSafeCodecs = new WeakMap<PgCodec, PgCodec>();
function nullSafe(codec: PgCodec): PgCodec {
  let safe = nullSafeCodecs.get(codec);
  if (!safe) {
    const fromPg = codec.fromPg;
    safe = { ...codec, fromPg: (value: string) => (value == null ? null : fromPg(value)) } as PgCodec;
    nullSafeCodecs.set(codec, safe);
  }
  return safe;
}

export const KeysetPaginationPlugin: GraphileConfig.Plugin = {
  name: 'VitalisKeysetPaginationPlugin',
  description: 'Makes cursor pagination correct for nullable order keys and non-unique orderings.',
  version: '1.0.0',
  schema: {
    hooks: {
      GraphQLEnumType_values_value(value, build, context) {
        const { scope } = context;
        const grafast = value.extensions?.grafast as { apply?: Apply } | undefined;
        const original = grafast?.apply;
        if (!scope.isPgRowSortEnum || !scope.pgCodec?.attributes || typeof original !== 'function') return value;
        const { sql } = build;
        const { TYPES } = build.dataplanPg;
        const codec = scope.pgCodec as PgCodec & { attributes: Record<string, { notNull?: boolean; codec: PgCodec }> };
        const attributeNotNull = (name: string): boolean => {
          const attribute = codec.attributes[name];
          return !!attribute && (!!attribute.notNull || !!attribute.codec.notNull);
        };
        // Unique constraints that really identify one row: a NULL never equals another NULL.
        const resource = build.pgTableResource(codec as Parameters<typeof build.pgTableResource>[0]);
        const uniqueKeys = (resource?.uniques ?? [])
          .map((unique) => unique.attributes as readonly string[])
          .filter((attributes) => attributes.every(attributeNotNull));

        // Names the lateral joins below; distinct per value so cursors of different orderings
        // keep different digests.
        const aliasBase = `ord_${createHash('sha256').update(`${context.Self.name}.${scope.valueName}`).digest('hex').slice(0, 8)}_`;

        const apply: Apply = (target, ...rest) => {
          const notNullAttributes = new Set<string>();
          let claimedUnique = false;
          let joins = 0;
          // An expression (a subquery, for aggregates over relations) is computed once per row in
          // a lateral join; order keys, cursor values and cursor conditions use its column. Without
          // this each of them repeats the subquery, and planning those queries is what costs.
          // `offset 0` keeps PostgreSQL from folding the subquery back into every reference.
          const once = (fragment: SQL): SQL => {
            if (target.mode === 'aggregate' || !target.join) return fragment;
            const alias = sql.identifier(Symbol(`${aliasBase}${joins++}`));
            target.join({ type: 'cross', lateral: true, from: sql`(select ${fragment} offset 0)`, alias, attributeNames: sql`(value)` });
            return sql`${alias}.value`;
          };
          const orderBy = (spec: PgOrderSpec): void => {
            let isNull: SQL | null = null;
            let key: PgOrderSpec = spec;
            if (spec.attribute != null && !spec.callback) {
              if (attributeNotNull(spec.attribute)) notNullAttributes.add(spec.attribute);
              else {
                // The same SQL @dataplan/pg writes for an attribute, so cursors keep their digest.
                const column = sql`${target.alias}.${sql.identifier(spec.attribute)}`;
                const attributeCodec = codec.attributes[spec.attribute]!.codec;
                key = { fragment: column, codec: nullSafe(attributeCodec), direction: spec.direction, nulls: spec.nulls, nullable: true };
                isNull = sql`(${column} is null)`;
              }
            } else if (spec.attribute != null && spec.callback) {
              // A wrapped column: the callback alone knows whether the expression can be NULL.
              const column = sql`${target.alias}.${sql.identifier(spec.attribute)}`;
              const attribute = codec.attributes[spec.attribute]!;
              const [expression, fragmentCodec, nullable] = spec.callback(column, attribute.codec, !attributeNotNull(spec.attribute));
              const fragment = nullable === false ? expression : once(expression);
              key = { fragment, codec: nullSafe(fragmentCodec), direction: spec.direction, nulls: spec.nulls, nullable: nullable !== false };
              if (nullable !== false) isNull = sql`(${fragment} is null)`;
            } else if (spec.fragment && spec.nullable !== false) {
              // Expressions (aggregates over relations, columns of joined rows) may be NULL unless
              // their spec says otherwise.
              const fragment = once(spec.fragment);
              key = { ...spec, fragment, codec: nullSafe(spec.codec), nullable: true };
              isNull = sql`(${fragment} is null)`;
            }
            if (isNull) {
              const nullsLast = spec.nulls === 'LAST' || (spec.nulls == null && spec.direction === 'ASC');
              target.orderBy({ fragment: isNull, codec: TYPES.boolean, direction: nullsLast ? 'ASC' : 'DESC', nullable: false });
            }
            target.orderBy(key);
          };
          const proxy = new Proxy(target, {
            get(object, property) {
              if (property === 'orderBy') return orderBy;
              if (property === 'setOrderIsUnique') return () => void (claimedUnique = true);
              const member = Reflect.get(object, property, object) as unknown;
              return typeof member === 'function' ? member.bind(object) : member;
            },
          });
          original(proxy, ...rest);
          if (claimedUnique && uniqueKeys.some((attributes) => attributes.every((a) => notNullAttributes.has(a)))) {
            target.setOrderIsUnique();
          }
        };
        return { ...value, extensions: { ...value.extensions, grafast: { ...grafast, apply } } };
      },
    },
  },
};
