// Strength checks for the secrets production refuses to start with (src/config.ts): long enough,
// random-looking (an entropy estimate, no repeated pattern, no runs) and not a value published in
// this repository, nor close to one. A known value is recognised anywhere inside a secret, in any
// case, whatever prefix or label is put around it.

/** Development defaults and test values: public, so never secret. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
export const DEV_TOKEN_ENCRYPTION_KEYS = 'dev1:ZGV2LW9ubHktdG9rZW4ta2V5LWNoYW5nZS1tZS0wMTI=';
export const DEV_AUTHENTICATOR_PASSWORD = 'vitalis-authenticator';
export const DEV_WORKER_PASSWORD = 'vitalis-worker';
export const DEV_S3_SECRET = 'S3RVER';
const PUBLISHED = [
  DEV_JWT_SECRET,
  Buffer.from(DEV_TOKEN_ENCRYPTION_KEYS.split(':')[1]!, 'base64').toString('latin1'),
  DEV_AUTHENTICATOR_PASSWORD,
  DEV_WORKER_PASSWORD,
  DEV_S3_SECRET,
  'test-secret-0123456789abcdef0123456789abcdef', // test/server/harness.ts
];

/** A shared stretch this long (letters and digits only, any case) with a published value is refused. */
const SHARED_RUN = 8;

/** Shannon entropy of the character distribution, in bits per character. */
export function shannonBitsPerChar(value: string | Buffer): number {
  const counts = new Map<string | number, number>();
  const items = typeof value === 'string' ? [...value] : [...value];
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / items.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The shortest p such that the value is its first p characters repeated, when p <= half its length. */
function repeatedPattern(value: string): number | undefined {
  for (let p = 1; p <= value.length / 2; p++) {
    let periodic = true;
    for (let i = p; i < value.length && periodic; i++) periodic = value[i] === value[i - p];
    if (periodic) return p;
  }
  return undefined;
}

/** Share of neighbouring characters that are equal or one apart ("aaaa", "abcd", "4321"). */
function runShare(value: string): number {
  let steps = 0;
  for (let i = 1; i < value.length; i++) if (Math.abs(value.charCodeAt(i) - value.charCodeAt(i - 1)) <= 1) steps++;
  return value.length > 1 ? steps / (value.length - 1) : 1;
}

function longestCommonRun(a: string, b: string): string {
  let best = '';
  const previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0;
      if (previous[j]! > best.length) best = a.slice(i - previous[j]!, i);
      diagonal = above;
    }
  }
  return best;
}

const normalise = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The published value this one contains or closely shares a stretch with, if any. */
export function publishedValueIn(value: string): string | undefined {
  const mine = normalise(value);
  for (const known of PUBLISHED) {
    const theirs = normalise(known);
    if (longestCommonRun(mine, theirs).length >= Math.min(SHARED_RUN, theirs.length)) return known;
  }
  return undefined;
}

export interface StrengthRule {
  /** Minimum length in bytes (UTF-8). */
  minBytes: number;
  /** Minimum estimated entropy: Shannon bits per character times length. */
  minBits: number;
}

/** Why a secret is weak, or undefined when it passes every check. */
export function secretWeakness(value: string, rule: StrengthRule): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < rule.minBytes) return `it is ${bytes} bytes long`;
  const published = publishedValueIn(value);
  if (published !== undefined) return 'it contains or resembles a development default published in the source code';
  const period = repeatedPattern(value);
  if (period !== undefined) return `it repeats a ${period}-character pattern`;
  // Thresholds set so that random secrets pass: of a million `openssl rand -hex 16` values (the
  // command the messages suggest) 14 had more than half their steps equal or one apart and 118
  // fewer than 3 bits per character, so they were refused; none passed 60 % or fell below 2.5.
  if (runShare(value) > 0.6) return 'it is mostly runs of equal or consecutive characters';
  const perChar = shannonBitsPerChar(value);
  if (perChar < 2.5) return `its characters vary too little (${perChar.toFixed(1)} bits of entropy per character, at least 2.5 needed)`;
  const bits = perChar * [...value].length;
  if (bits < rule.minBits) return `it carries about ${Math.floor(bits)} bits of entropy, at least ${rule.minBits} needed`;
  return undefined;
}

/** Why a 32-byte AES key is weak, or undefined. `label` is its version label, for the message. */
export function keyWeakness(key: Buffer, label: string): string | undefined {
  const devKey = Buffer.from(DEV_TOKEN_ENCRYPTION_KEYS.split(':')[1]!, 'base64');
  if (key.equals(devKey)) return `key "${label}" is the development key`;
  if (key.every((b) => b >= 0x20 && b < 0x7f)) {
    return publishedValueIn(key.toString('latin1')) !== undefined
      ? `key "${label}" resembles the development key`
      : `key "${label}" is printable text, not random bytes`;
  }
  const perByte = shannonBitsPerChar(key);
  if (perByte < 4) return `key "${label}" is not random (${perByte.toFixed(1)} bits of entropy per byte; random 32-byte keys have about 4.9)`;
  return undefined;
}

const JWT_RULE = 'in production it must be at least 32 bytes of random data, e.g. `openssl rand -hex 32`';
const PASSWORD_RULE = 'in production it must be set explicitly to at least 16 random characters, e.g. `openssl rand -hex 16`';

/**
 * Every reason the secrets of a production configuration are unacceptable, each naming the setting
 * and the rule. `env` tells which settings were given (a default is a development value).
 */
export function productionSecretProblems(
  config: { JWT_SECRET: string; AUTHENTICATOR_PASSWORD: string; WORKER_PASSWORD: string; TOKEN_ENCRYPTION_KEYS: string; S3_ENDPOINT?: string; S3_SECRET_ACCESS_KEY: string },
  env: NodeJS.ProcessEnv,
): string[] {
  const problems: string[] = [];
  const given = (name: string) => env[name] !== undefined && env[name] !== '';

  if (!given('JWT_SECRET')) problems.push(`JWT_SECRET must be set in production (${JWT_RULE.replace('in production it ', '')})`);
  else {
    const weakness = secretWeakness(config.JWT_SECRET, { minBytes: 32, minBits: 128 });
    if (weakness) problems.push(`JWT_SECRET is too weak: ${JWT_RULE}; ${weakness}`);
  }
  for (const name of ['AUTHENTICATOR_PASSWORD', 'WORKER_PASSWORD'] as const) {
    if (!given(name)) problems.push(`${name} must be set in production (${PASSWORD_RULE.replace('in production it must be set explicitly to ', '')})`);
    else {
      const weakness = secretWeakness(config[name], { minBytes: 16, minBits: 56 });
      if (weakness) problems.push(`${name} is too weak: ${PASSWORD_RULE}; ${weakness}`);
    }
  }
  if (!given('TOKEN_ENCRYPTION_KEYS')) problems.push('TOKEN_ENCRYPTION_KEYS must be set in production (version:base64 pairs of 32 random bytes, e.g. `k1:$(openssl rand -base64 32)`)');
  else {
    for (const pair of config.TOKEN_ENCRYPTION_KEYS.split(',')) {
      const [label, key] = pair.trim().split(':') as [string, string];
      const weakness = keyWeakness(Buffer.from(key, 'base64'), label);
      if (weakness) problems.push(`TOKEN_ENCRYPTION_KEYS is not acceptable in production: each key must be 32 random bytes (e.g. \`openssl rand -base64 32\`); ${weakness}`);
    }
  }
  if (config.S3_ENDPOINT) {
    if (!given('S3_SECRET_ACCESS_KEY')) problems.push('S3_SECRET_ACCESS_KEY must be set in production when S3_ENDPOINT is set');
    else if (publishedValueIn(config.S3_SECRET_ACCESS_KEY) !== undefined) problems.push('S3_SECRET_ACCESS_KEY is not acceptable in production: it contains or resembles a development default');
  }
  return problems;
}
