// What the generated API offers beyond what the grants decide:
// - no lookups by a key the client should not need or may not know: keys that contain user_id (the
//   caller's own id is implied; they exist for the (id, user_id) foreign keys), and keys on
//   identifying or secret-ish columns (an email, a billing id, a token hash, a provider identity);
// - argument names without the SQL `p_` prefix (`rows`, not `pRows`).

/** Unique keys that identify a person or an outside account: no `xByY` lookup, update or delete. */
const IDENTIFYING_KEYS: Record<string, string[][]> = {
  users: [['email']],
  accounts: [['stripe_customer_id']],
  household_invites: [['token_hash']],
  oauth_identities: [['provider', 'provider_user_id']],
};

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

/** Whether the API offers row lookup / update / delete by this unique key of this table. */
function offersLookupBy(table: string, key: { attributes: readonly string[]; isPrimary?: boolean }): boolean {
  if (key.isPrimary) return true;
  if (key.attributes.includes('user_id')) return false;
  return !(IDENTIFYING_KEYS[table] ?? []).some((k) => sameColumns(k, key.attributes));
}

/** A PostgreSQL parameter name as a GraphQL argument: `p_biomarker_id` -> `biomarker_id` (then camelCased). */
function argumentBaseName(name: string): string {
  return name.replace(/^p_(?=[a-z])/, '');
}

export const ApiSurfacePlugin: GraphileConfig.Plugin = {
  name: 'VitalisApiSurfacePlugin',
  version: '1.0.0',
  description: 'No lookups by user_id or identifying keys; argument names without the p_ prefix',
  inflection: {
    replace: {
      argument(_previous, _options, details) {
        const name = details.param.name ? argumentBaseName(details.param.name) : `arg${details.index}`;
        return this.coerceToGraphQLName(this.camelCase(name));
      },
    },
  },
  schema: {
    entityBehavior: {
      pgResourceUnique: {
        inferred: {
          after: ['inferred'],
          provides: ['postInferred'],
          callback(behavior, [resource, unique]) {
            const table = (resource.extensions?.pg as { name?: string } | undefined)?.name ?? resource.name;
            if (offersLookupBy(table, unique)) return behavior;
            return [behavior, '-single', '-update', '-delete'];
          },
        },
      },
    },
  },
};
