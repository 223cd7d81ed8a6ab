// @graphile/pg-aggregates groups timestamps by hour and day but cannot group DATE columns (our
// day-level series: wearable_daily.date, wearable_sleep.sleep_date, ...) by week, month or year,
// and its min/max aggregates skip dates. This plugin adds both, the same way pg-aggregates
// registers its own specs: groupBy specs pushed onto `build.pgAggregateGroupBySpecs`, which its
// enum plugin turns into e.g. `DATE_TRUNCATED_TO_WEEK` (ISO weeks, starting Monday).
import type {} from '@graphile/pg-aggregates';
import type {} from 'postgraphile';

type Unit = 'week' | 'month' | 'year';
const UNITS: readonly Unit[] = ['week', 'month', 'year'];

export const DateAggregatesPlugin: GraphileConfig.Plugin = {
  name: 'VitalisDateAggregatesPlugin',
  description: 'Group DATE columns by week/month/year and take min/max of dates (pg-aggregates).',
  version: '1.0.0',
  after: ['PgAggregatesSpecsPlugin'],
  schema: {
    hooks: {
      build(build) {
        const { sql, dataplanPg, EXPORTABLE } = build;
        if (!sql || !dataplanPg || !build.pgAggregateGroupBySpecs || !build.pgAggregateSpecs) {
          throw new Error('DateAggregatesPlugin needs PgBasicsPlugin and @graphile/pg-aggregates (PgAggregatesPreset)');
        }
        const { TYPES } = dataplanPg;
        const isDate = EXPORTABLE((TYPES) => (codec: unknown) => codec === TYPES.date, [TYPES]);
        for (const unit of UNITS) {
          build.pgAggregateGroupBySpecs.push({
            id: `truncated-to-${unit}`,
            isSuitableType: isDate,
            // Through `timestamp` (not timestamptz) so the result never depends on TimeZone,
            // and back to `date` so keys read "2026-03-02", not a midnight timestamp.
            sqlWrap: EXPORTABLE(
              (sql, unit) => (frag) => sql`(date_trunc(${sql.literal(unit)}, (${frag})::timestamp))::date`,
              [sql, unit],
            ),
            sqlWrapCodec: EXPORTABLE((TYPES) => () => TYPES.date, [TYPES]),
          });
        }
        // min/max of a date is a date (pgTypeCodecModifier unset keeps the column's codec).
        for (const spec of build.pgAggregateSpecs) {
          if (spec.id !== 'min' && spec.id !== 'max') continue;
          const original = spec.isSuitableType;
          spec.isSuitableType = EXPORTABLE(
            (original, TYPES) => (codec) => codec === TYPES.date || original(codec),
            [original, TYPES],
          );
        }
        return build;
      },
    },
  },
};

export default DateAggregatesPlugin;
