// The API keeps the shape it had before the keys gained user_id (issue 15: distributable by user).
//
// Tables distributed by user_id (sql/citus.sql, docs/distribution.md) have primary keys that end
// in user_id, (marker_id, user_id) or (daily_id, date, user_id), and per-parent keys such as
// dexa_regions (scan_id, user_id, region), because a distributed database enforces only keys that
// contain the distribution column. PostGraphile derives node ids, `xByY` lookups, update/delete
// mutations and which relations are offered from those keys; the caller's own user_id is implied
// by row-level security, so the API is shown the keys without it:
// - a primary key is presented without user_id (unless user_id is all of it: user_preferences);
// - a unique constraint tagged `@apiWithoutUserId` (in its SQL comment) likewise;
// - a column tagged `@apiNullable` keeps a nullable type: it became NOT NULL only to join a key.
//
// The id alone identifies one row for the caller: ids are drawn by gen_random_uuid() and no client
// may choose one, and row-level security scopes every lookup, update and delete to the caller's rows.

const DISTRIBUTION_COLUMN = 'user_id';

/** A key's columns as the API presents them: user_id left out when other columns remain. */
export function withoutDistributionColumn(attributes: readonly string[]): readonly string[] {
  const rest = attributes.filter((a) => a !== DISTRIBUTION_COLUMN);
  return rest.length > 0 ? rest : attributes;
}

interface KeyConstraint {
  contype: string;
  getTagsAndDescription(): { tags: Record<string, unknown> };
}

/** Whether the API sees this primary key or unique constraint without its user_id. */
function presentedWithoutUserId(constraint: KeyConstraint | undefined): boolean {
  if (!constraint) return false;
  return constraint.contype === 'p' || (constraint.contype === 'u' && 'apiWithoutUserId' in constraint.getTagsAndDescription().tags);
}

export const DistributionKeyPlugin: GraphileConfig.Plugin = {
  name: 'VitalisDistributionKeyPlugin',
  version: '1.0.0',
  description: 'Keys that contain the distribution column user_id are presented to the API without it',
  gather: {
    hooks: {
      pgTables_unique(_info, event) {
        if (presentedWithoutUserId(event.pgConstraint)) event.unique.attributes = withoutDistributionColumn(event.unique.attributes);
      },
      pgCodecs_attribute(_info, event) {
        if ('apiNullable' in event.pgAttribute.getTagsAndDescription().tags) event.attribute.notNull = false;
      },
    },
  },
};
