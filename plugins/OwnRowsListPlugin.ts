// A root list of a user-data table names the caller when the caller reads nobody else's rows.
//
// A shared table's rows are `user_id = any(readable_user_ids())` under row-level security: an
// array, so PostgreSQL cannot read the (user_id, date) index in date order across it, and
// `wearableDailies(orderBy: DATE_DESC, first: 30)` read and sorted every row the caller may read
// (1,404 rows for two years of two sources; more every day). For a caller who holds no live profile
// share as its viewer, that array is the caller alone, and `user_id = <caller>` added to the query
// changes no answer while letting PostgreSQL read the index in order and stop at `first`.
//
// Whether the caller views others comes with the session's liveness (src/http/sessionLiveness.ts,
// auth_user_views_others), into the GraphQL context as ownRowsUserId; it is undefined whenever
// that is not known, and then nothing is added. A share that becomes live NOTIFYs its viewer's id
// and the cached answer is dropped, so a stale answer can only hide newly shared rows until then;
// row-level security stays what decides which rows anyone reads.
//
// Only tables whose one permissive SELECT policy for vitalis_api is `user_isolation` (the caller's
// rows, or the household's readable ones) qualify: household_invites and profile_shares let other
// rows in by policies of their own. test/server/ownRowsList.test.ts holds the policies to that.
import type {} from 'postgraphile';
import type { ExecutableStep } from 'postgraphile/grafast';
import type { PgSelectQueryBuilder } from '@dataplan/pg';

// Both libraries type these by merging into their global namespaces.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace DataplanPg {
    interface PgResourceExtensions {
      /** Rows readable by vitalis_api through the user_isolation policy alone (OwnRowsListPlugin). */
      vitalisOwnRows?: boolean;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Grafast {
    interface Context {
      /** The caller, when they view nobody else's profile (src/server/preset.ts). */
      ownRowsUserId?: string;
    }
  }
}

const API_ROLE = 'vitalis_api';
const OWNER_COLUMN = 'user_id';

export const OwnRowsListPlugin: GraphileConfig.Plugin = {
  name: 'VitalisOwnRowsListPlugin',
  version: '1.0.0',
  description: "Root lists of user-data tables name the caller when they read nobody else's rows, so they read the index in order",
  gather: {
    hooks: {
      async pgTables_PgResourceOptions(info, event) {
        const { pgClass, resourceOptions, serviceName } = event;
        if (!pgClass.getAttributes().some((a) => a.attname === OWNER_COLUMN && a.attnum > 0 && !a.attisdropped)) return;
        const { introspection } = await info.helpers.pgIntrospection.getService(serviceName);
        const api = introspection.roles.find((r) => r.rolname === API_ROLE);
        if (!api) return;
        // The roles whose policies apply to vitalis_api: itself, PUBLIC, and what it is a member of.
        const roles = new Set<string>([api._id, '0']);
        for (let grew = true; grew; ) {
          grew = false;
          for (const m of introspection.auth_members) {
            if (roles.has(m.member) && !roles.has(m.roleid)) {
              roles.add(m.roleid);
              grew = true;
            }
          }
        }
        const selecting = introspection.policies.filter(
          (p) => p.polrelid === pgClass._id && p.polpermissive !== false && (p.polcmd === 'r' || p.polcmd === '*') && (p.polroles ?? []).some((r) => roles.has(r)),
        );
        if (selecting.length === 1 && selecting[0]!.polname === 'user_isolation') {
          resourceOptions.extensions = { ...resourceOptions.extensions, vitalisOwnRows: true };
        }
      },
    },
  },
  schema: {
    hooks: {
      GraphQLObjectType_fields_field(field, build, context) {
        const { scope } = context;
        const resource = scope.pgFieldResource as { extensions?: { vitalisOwnRows?: boolean } } | undefined;
        if (!scope.isRootQuery || !(scope.isPgFieldConnection || scope.isPgFieldSimpleCollection) || !resource?.extensions?.vitalisOwnRows) return field;
        const original = field.plan;
        if (typeof original !== 'function') return field;
        const { sql } = build;
        const { context: contextStep, lambda, ConnectionStep } = build.grafast;
        const { PgSelectStep } = build.dataplanPg;
        const nameTheCaller = (userId: string | undefined) =>
          userId ? (qb: PgSelectQueryBuilder) => qb.where(sql`${qb.alias}.${sql.identifier(OWNER_COLUMN)} = ${sql.value(userId)}::uuid`) : null;
        return {
          ...field,
          plan(...args: Parameters<typeof original>) {
            const $result = (original as (...a: typeof args) => ExecutableStep).apply(this, args);
            const $select = $result instanceof ConnectionStep ? $result.getSubplan() : $result;
            if ($select instanceof PgSelectStep) $select.apply(lambda(contextStep().get('ownRowsUserId'), nameTheCaller, true));
            return $result;
          },
        } as typeof field;
      },
    },
  },
};
