// Units as labs print them, and the repair of what OCR does to them: xlOE3/uL → x10E3/uL,
// X10E3/UL → x10E3/uL, Pg → pg, rng/dL → mg/dL. A unit is recognised against the spellings labs
// use; anything else that looks like a unit is kept as printed.

/** Lab spellings by their case-folded form. */
const SPELLINGS = new Map(
  [
    'mg/dL', 'g/dL', 'g/L', 'ng/mL', 'pg/mL', 'ng/dL', 'ug/dL', 'mcg/dL', 'ug/L', 'mcg/L', 'mg/L', 'ng/L', 'mEq/L', 'mmol/L', 'umol/L',
    'nmol/L', 'pmol/L', 'mIU/L', 'uIU/mL', 'mIU/mL', 'IU/mL', 'IU/L', 'U/L', 'mU/L', 'kIU/L', 'ukat/L', 'fL', 'pg', '%', 'mL/min/1.73m2',
    'mL/min/1.73', 'x10E3/uL', 'x10E6/uL', 'K/uL', 'M/uL', 'Thousand/uL', 'Million/uL', 'cells/uL', 'x10^9/L', 'x10^12/L', '10^3/uL',
    '10^6/uL', '/HPF', '/LPF', 'EU/dL', 'mg/g', 'mg/g creat', 'mg/mmol', 'mm/h', 'mm/hr', 'ratio', 'index', 'titer', 'Angstrom', 'nm',
    'mOsm/kg', 'sec', 'seconds', 'mg/24 h', 'pH', 'mmol/mol', 'mL/min', 'U/mL', 'ug/mL', 'mcg/mL', 'L/L', 'Thou/uL', 'Mill/uL', 'K/mcL',
    'M/mcL', 'secs', 'kPa', 'mmHg', 'nmol/min/mL',
  ].map((u) => [u.toLowerCase(), u]),
);

/** Letters OCR puts where digits belong inside a count unit, and the reverse. */
const toDigits = (s: string) => s.replace(/[lI|!]/g, '1').replace(/[oO]/g, '0');

export interface RepairedUnit {
  unit: string;
  /** The printed spelling needed more than a change of case to become a lab unit. */
  repaired: boolean;
  /** Not a spelling labs use, only shaped like a unit (kept as printed). */
  guessed?: boolean;
}

/**
 * Counts as German and Austrian labs print them: per nanolitre (/nl), Giga (G/l, Gpt/l) and
 * Milliarden (Mrd/l) per litre are 10^9/L; per picolitre (/pl), Tera (T/l, Tpt/l) per litre are
 * 10^12/L; Tausend (Tsd/µl) and Millionen (Mio/µl) per microlitre are 10^3/uL and 10^6/uL. "G/l" is
 * read so only with its capital G: "g/l" is grams.
 */
function germanUnit(raw: string): string | null {
  if (/^(\/nl|gpt\/l|mrd\.?\/l)$/i.test(raw) || raw === 'G/l') return 'x10^9/L';
  if (/^(\/pl|tpt\/l|t\/l)$/i.test(raw)) return 'x10^12/L';
  if (/^tsd\.?\s?\/\s?ul$/i.test(raw)) return 'x10E3/uL';
  if (/^mio\.?\s?\/\s?ul$/i.test(raw)) return 'x10E6/uL';
  // Micro-units are international units: µU/ml is µIU/mL.
  if (/^uu\/ml$/i.test(raw)) return 'uIU/mL';
  return null;
}

/** The lab unit a printed token stands for, or null when it does not look like a unit. */
export function readUnit(printed: string): RepairedUnit | null {
  // A unit in parentheses ("(mg/dL)", "(%)") is the unit; µ and μ are u.
  const raw = printed.trim().replace(/^\((.+)\)$/, '$1').replace(/[µμ]/g, 'u').replace(/[.,;:]+$/, '');
  if (raw === '') return null;
  const exact = SPELLINGS.get(raw.toLowerCase());
  if (exact) return { unit: exact, repaired: false };
  // Counts per litre as UK, Canadian and European labs print them: 10*9/L, 10^9/L, x10E9/L, x E9/L, ×10⁹/L.
  const perLitre = /^(?:[x×*]\s?)?(?:10\s?[\^*e]?\s?|e)(9|12)\s?\/\s?l$/i.exec(raw.replace(/⁹/g, '9').replace(/¹²/g, '12'));
  if (perLitre) return { unit: `x10^${perLitre[1]}/L`, repaired: false };
  const german = germanUnit(raw);
  if (german) return { unit: german, repaired: false };
  // Quest's "% of total Hgb", and a unit marked as calculated ("mg/dL (calc)"): the unit is the lab unit.
  if (/^% of total hgb$/i.test(raw)) return { unit: '%', repaired: false };
  const calc = /^(\S+)\s+\(calc(?:ulated)?\)$/i.exec(raw);
  if (calc) {
    const inner = readUnit(calc[1]!);
    if (inner && !inner.guessed) return { unit: inner.unit, repaired: inner.repaired };
  }
  // German reports write the body surface with a decimal comma, in m² or qm (Quadratmeter).
  if (/^ml\/min\/?\s?\/?1[.,]73\s?(m2|m²|qm)$/i.test(raw)) return { unit: 'mL/min/1.73m2', repaired: false };
  // Count units: x10E3/uL and everything OCR makes of it (xlOE3/uL, X1OE3/UL, x10E3/pL).
  const count = /^[xX×*]?\s?([0-9lIoO|!]{2})\s?[eE^*]?\s?([0-9lIoO|!]{1,2})\s?\/\s?[uµpμ][lLI1]$/.exec(raw);
  if (count) {
    const base = toDigits(count[1]!);
    const exp = toDigits(count[2]!);
    if (base === '10' && /^(3|6|9|12)$/.test(exp)) return { unit: `x10E${exp}/uL`, repaired: raw.toLowerCase() !== `x10e${exp}/ul` };
  }
  // Common OCR confusions in letters: rn → m, l ↔ I, 0 → o, a dropped slash read as l or 1.
  const candidates = [raw.replace(/rn/g, 'm'), raw.replace(/0/g, 'o'), raw.replace(/[|!]/g, 'l'), raw.replace(/^(m?[gu])[l1I]d/i, '$1/d')];
  // One letter OCR confuses with its look-alikes (ulu/mL → uIU/mL, mg/dI → mg/dL).
  for (let i = 0; i < raw.length; i++) {
    if (/[lI1i|]/.test(raw[i]!)) for (const c of ['l', 'i', '1']) candidates.push(raw.slice(0, i) + c + raw.slice(i + 1));
  }
  for (const c of candidates) {
    const found = SPELLINGS.get(c.toLowerCase());
    if (found) return { unit: found, repaired: true };
  }
  // Something unit-shaped we do not know: letters around a slash (mOsm/kg, copies/mL).
  if (/^[a-zA-Z%#^0-9.()]{0,8}\/[a-zA-Z0-9.^()]{1,8}$/.test(raw) && /[a-zA-Z]/.test(raw) && !/^\d+\/\d+/.test(raw) && !/[A-Z][a-z]{3}/.test(raw)) {
    return { unit: raw, repaired: false, guessed: true };
  }
  return null;
}

/** The comparison key SQL uses (vitalis.normalize_unit), for telling a percentage from a count. */
export function unitKey(unit: string): string {
  let k = unit.replace(/\s+/g, '').toLowerCase().replace(/[µμ]/g, 'u').replace(/\[|\]/g, '').replace(/mcg/g, 'ug').replace(/\/mm3$/, '/ul');
  k = k.replace(/^x?10(\^|e|\*|\()?(\d+)\)?\//, '10^$2/').replace(/^(k|thou|thousand)\//, '10^3/').replace(/^(m|mil|million|mill)\/ul$/, '10^6/ul');
  if (['percent', 'pct'].includes(k)) return '%';
  if (k === 'cells/ul') return '10^0/ul';
  return k;
}

/** Broad kind of a unit: a share, a cell count, or anything else (a concentration, an activity). */
export function unitKind(unit: string): 'percent' | 'count' | 'other' {
  const k = unitKey(unit);
  if (k === '%') return 'percent';
  if (/^10\^\d+\/(ul|l)$/.test(k)) return 'count';
  return 'other';
}
