import { useTestDatabase } from '../helpers/db';
import { describeWithSamples, readTable, sample } from '../helpers/samples';

const db = useTestDatabase();
let markers: Record<string, any>[];
let exercises: Record<string, any>[];

beforeAll(async () => {
  markers = (await db.pool.query(`select *, (select array_agg(distinct vitalis.normalize_unit(u)) from unnest(common_units) u) as unit_keys,
    vitalis.normalize_unit(canonical_unit) as canonical_key from vitalis.biomarker_dictionary order by category, sort_order`)).rows;
  exercises = (await db.pool.query(`select * from vitalis.exercise_dictionary`)).rows;
});

/** Exact, case-insensitive alias lookup: what an importer does with a report line's name. */
function resolve(name: string): string[] {
  // Stray quote marks after a name are extraction debris (labcorp_minimal_sample.txt: `WBC"`).
  const key = name.trim().toLowerCase().replace(/\s+/g, ' ').replace(/["']+$/, '');
  return markers.filter((m) => (m.aliases as string[]).includes(key) || m.display_name.toLowerCase() === key || m.canonical_name === key).map((m) => m.canonical_name);
}

describe('biomarker dictionary', () => {
  test('holds at least 120 markers covering every category of SCHEMA.md section 7', () => {
    expect(markers.length).toBeGreaterThanOrEqual(120);
    const categories = new Set(markers.map((m) => m.category));
    for (const c of ['metabolic', 'lipids', 'lipids_advanced', 'fatty_acids', 'thyroid', 'hormones', 'hematology', 'inflammation', 'vitamins_minerals', 'heavy_metals', 'immunology', 'urinalysis']) {
      expect(categories).toContain(c);
    }
  });

  test('every marker is complete: slug, names, subcategory, units, aliases, sort order', () => {
    const incomplete = markers.filter((m) =>
      !/^[a-z0-9]+(_[a-z0-9]+)*$/.test(m.canonical_name) || !m.display_name || !m.subcategory || m.canonical_unit === null ||
      !m.aliases?.length || m.sort_order === null || !m.description ||
      m.aliases.some((a: string) => a !== a.toLowerCase() || /\s{2,}/.test(a) || a !== a.trim()) ||
      (!m.is_qualitative && !m.unit_keys?.includes(m.canonical_key)));
    expect(incomplete.map((m) => m.canonical_name)).toEqual([]);
  });

  test('LOINC codes are present (but for three with no code) and have valid check digits', () => {
    const withoutCode = markers.filter((m) => !m.loinc_code).map((m) => m.canonical_name).sort();
    expect(withoutCode).toEqual(['omega_3_index', 'omega_3_total', 'omega_6_total']);
    const checkDigit = (body: string) => {
      // LOINC uses the mod-10 (Luhn) algorithm over the digits before the hyphen.
      let sum = 0;
      [...body].reverse().forEach((ch, i) => {
        let d = Number(ch) * (i % 2 === 0 ? 2 : 1);
        if (d > 9) d -= 9;
        sum += d;
      });
      return String((10 - (sum % 10)) % 10);
    };
    const bad = markers.filter((m) => m.loinc_code).filter((m) => {
      const [body, check] = m.loinc_code.split('-');
      return checkDigit(body) !== check;
    });
    expect(bad.map((m) => `${m.canonical_name} ${m.loinc_code}`)).toEqual([]);
  });

  test('the CBC has a 5-part differential as absolute counts and percentages', () => {
    for (const cell of ['neutrophils', 'lymphocytes', 'monocytes', 'eosinophils', 'basophils']) {
      const found = markers.filter((m) => m.canonical_name.startsWith(cell) && m.category === 'hematology');
      const units = found.map((m) => m.canonical_key).sort();
      expect({ cell, units }).toEqual({ cell, units: ['%', '10^3/ul'] });
    }
  });

  test('urinalysis covers the qualitative dipstick and microscopy', () => {
    const urine = markers.filter((m) => m.category === 'urinalysis');
    expect(urine.filter((m) => m.is_qualitative).length).toBeGreaterThanOrEqual(6);
    const subs = new Set(urine.map((m) => (m.subcategory as string).toLowerCase()));
    expect([...subs].some((s) => s.includes('microscop'))).toBe(true);
  });

  test('sex-specific optimal ranges differ where flagged and are shared where not', () => {
    const same = (m: any) => m.optimal_low_male === m.optimal_low_female && m.optimal_high_male === m.optimal_high_female;
    expect(markers.filter((m) => m.sex_specific_ranges && same(m)).map((m) => m.canonical_name)).toEqual([]);
    expect(markers.filter((m) => !m.sex_specific_ranges && !same(m)).map((m) => m.canonical_name)).toEqual([]);
    const flagged = markers.filter((m) => m.sex_specific_ranges).map((m) => m.canonical_name);
    expect(flagged).toEqual(expect.arrayContaining(['testosterone_total', 'ferritin', 'hemoglobin']));
  });

  test('no alias belongs to two markers', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const m of markers) for (const a of m.aliases) {
      if (seen.has(a)) clashes.push(`${a}: ${seen.get(a)} / ${m.canonical_name}`);
      seen.set(a, m.canonical_name);
    }
    expect(clashes).toEqual([]);
  });

  test('Quest and Labcorp spellings resolve to one marker each', () => {
    const spellings: [string, string][] = [
      ['CHOLESTEROL, TOTAL', 'cholesterol_total'], ['HDL CHOLESTEROL', 'hdl_cholesterol'], ['LDL Chol Calc (NIH)', 'ldl_cholesterol'],
      ['BUN/Creatinine Ratio', 'bun_creatinine_ratio'], ['eGFR', 'egfr'], ['WBC', 'wbc'], ['Neutrophils (Absolute)', 'neutrophils_absolute'],
      ['Hemoglobin A1c', 'hba1c'], ['TSH', 'tsh'], ['Vitamin D, 25-Hydroxy', 'vitamin_d_25_oh'], ['Triglycerides', 'triglycerides'],
      ['Lymphs', 'lymphocytes_pct'], ['Eos (Absolute)', 'eosinophils_absolute'], ['Glucose', 'glucose'],
    ];
    const got = spellings.map(([name]) => [name, resolve(name).join(',')]);
    const slugs = new Set(markers.map((m) => m.canonical_name));
    // Expected slugs are checked loosely by prefix so naming choices of the dictionary hold.
    for (const [name, expected] of spellings) {
      const found = resolve(name);
      expect({ name, count: found.length }).toEqual({ name, count: 1 });
      if (slugs.has(expected)) expect({ name, found: found[0] }).toEqual({ name, found: expected });
    }
    expect(got.length).toBe(spellings.length);
  });
});

describeWithSamples('biomarker dictionary against real lab reports (../shared/samples/lab_text)', () => {
  const CLEAN = ['labcorp_clean_text.txt', 'labcorp_with_flags.txt', 'labcorp_minimal_sample.txt', 'labcorp_percent_test.txt',
    'quest_diagnostics_sample.txt', 'epic_mychart_full_panel.txt', 'epic_mychart_renal_panel.txt', 'epic_mychart_with_flags.txt'];

  /** Test names from a report: "Name 6.2 ..." lines (Labcorp, Quest) or "Name" followed by "Normal range:" (Epic). */
  function testNames(text: string): string[] {
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    const names: string[] = [];
    lines.forEach((line, i) => {
      if (/^normal range:/i.test(lines[i + 1] ?? '')) names.push(line);
      const m = /^([%A-Za-z][A-Za-z0-9 ,()/%.'"+-]*?)\s+[<>]?\d/.exec(line);
      if (m && !/^(date|collection|collected|reported|page|test current|normal range)/i.test(m[1]!) && !/:/.test(line.slice(0, m[1]!.length + 1))) {
        names.push(m[1]!.replace(/\s+(High|Low|Abnormal|H|L|A)$/i, ''));
      }
    });
    return names;
  }

  test.each(CLEAN)('every test name in %s resolves to a marker', (file) => {
    const names = testNames(sample('lab_text', file));
    expect(names.length).toBeGreaterThanOrEqual(file === 'labcorp_minimal_sample.txt' ? 3 : 2);
    if (process.env.VITALIS_DEBUG_SAMPLES) console.log(file, names);
    const unresolved = names.filter((n) => resolve(n).length !== 1);
    expect(unresolved).toEqual([]);
  });

  test('LOINC codes agree with the flowsheet wherever it names the same test', () => {
    const rows = readTable(sample('loinc', 'flowsheet-lhc-c17.csv'), ',');
    const disagreements: string[] = [];
    let matched = 0;
    for (const r of rows) {
      for (const key of ['INDENTEDNAME', 'LOINC_DISPLAY', 'LONG_COMMON_NAME_LOINC', 'LOINC_ShortName']) {
        for (const slug of resolve(r[key] ?? '')) {
          matched++;
          const ours = markers.find((m) => m.canonical_name === slug)!.loinc_code;
          if (ours !== r.LOINC_MERGED) disagreements.push(`${slug}: ours ${ours}, flowsheet ${r.LOINC_MERGED} (${r[key]})`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(matched).toBeGreaterThan(0);
  });
});

describe('exercise dictionary', () => {
  const alias = (name: string) => exercises.filter((e) => (e.aliases as string[]).includes(name.toLowerCase()));

  test('holds at least 150 exercises with muscles, equipment and category', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(150);
    const incomplete = exercises.filter((e) => !e.primary_muscle || !e.equipment || !e.category || !e.aliases?.length);
    expect(incomplete.map((e) => e.canonical_name)).toEqual([]);
  });

  test('Strong and Hevy names match exactly one exercise', () => {
    for (const name of ['Bench Press (Barbell)', 'Squat (Barbell)', 'Deadlift (Barbell)', 'Lat Pulldown (Cable)', 'Bicep Curl (Dumbbell)',
      'Overhead Press (Barbell)', 'Triceps Pushdown (Cable - Straight Bar)', 'Seated Cable Row - V Grip (Cable)', 'Hip Thrust (Barbell)',
      'Romanian Deadlift (Barbell)', 'Pull Up', 'Chin Up', 'Push Up', 'Plank', 'Leg Press (Machine)', 'Lying Leg Curl (Machine)']) {
      expect({ name, matches: alias(name).length }).toEqual({ name, matches: 1 });
    }
  });

  test('no alias belongs to two exercises', () => {
    const all = exercises.flatMap((e) => e.aliases as string[]);
    expect(all.length).toBe(new Set(all).size);
  });
});

describeWithSamples('exercise dictionary against a real Strong export', () => {
  test('every exercise name in strong.csv matches exactly one exercise', () => {
    const rows = readTable(sample('strong', 'strong.csv'), ',');
    const names = [...new Set(rows.map((r) => r['Exercise Name']).filter(Boolean))] as string[];
    expect(names.length).toBeGreaterThan(0);
    const unmatched = names.filter((n) => exercises.filter((e) => (e.aliases as string[]).includes(n.toLowerCase())).length !== 1);
    expect(unmatched).toEqual([]);
  });
});
