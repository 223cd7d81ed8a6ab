// The biomarker dictionary as the report parsers see it: names, aliases, LOINC codes and units,
// read once per parse (it is shared and small: a few hundred rows).
import type { Pool, PoolClient } from 'pg';

export interface BiomarkerEntry {
  biomarkerId: string;
  canonicalName: string;
  displayName: string;
  canonicalUnit: string;
  commonUnits: string[];
  loincCode: string | null;
  aliases: string[];
  isQualitative: boolean;
}

export async function loadBiomarkerDictionary(db: Pool | PoolClient): Promise<BiomarkerEntry[]> {
  const { rows } = await db.query<BiomarkerEntry>(
    `select biomarker_id as "biomarkerId", canonical_name as "canonicalName", display_name as "displayName",
            canonical_unit as "canonicalUnit", coalesce(common_units, '{}') as "commonUnits", loinc_code as "loincCode",
            coalesce(aliases, '{}') as aliases, is_qualitative as "isQualitative"
       from vitalis.biomarker_dictionary order by sort_order, canonical_name`,
  );
  return rows;
}
