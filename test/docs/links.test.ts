// The docs name files that exist. Every relative link in README.md, docs/*.md, bench/README.md and
// migrations/CONVENTIONS.md resolves to a file of the repository (and its #anchor to a heading of
// that file), nothing links out of the repository with ../, and every `backticked` repository path
// (`src/importers/sniff.ts`, `migrations/current`, `migrations/committed/000004-*.sql`) exists.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The documents checked, relative to the repository root (those that exist). */
function documents(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return ['README.md', ...docs, 'bench/README.md', 'migrations/CONVENTIONS.md'].filter((f) => fs.existsSync(path.join(ROOT, f)));
}

/** Top-level folders that are not part of a clone: a path under them is never checked. */
const NOT_IN_REPOSITORY = new Set(['node_modules', '.git', '.data', 'coverage', 'test-results']);

/**
 * Paths under repository folders that the docs name but the repository does not hold, each with
 * why. Matched against the backticked text as written.
 */
const ALLOWED_MISSING: readonly { pattern: RegExp; why: string }[] = [
  // Written by `npm run bench` (git-ignored): bench/results/<timestamp>.json.
  { pattern: /^bench\/results\/.+\.json$/, why: 'benchmark output, created by each run' },
  // migrations/CONVENTIONS.md: the naming pattern of work-in-progress files (N = order, domain = concern).
  { pattern: /^migrations\/current\/N-domain\.sql$/, why: 'a file-name pattern, not a file' },
];

/** Markdown without its fenced code blocks (shell examples name files the reader creates), same line count. */
function withoutFences(markdown: string): string {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return '';
      }
      return inFence ? '' : line;
    })
    .join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = (text ?? '')
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** Inline code spans that look like repository paths: a first segment that is a folder of the repository. */
function repoPaths(markdown: string, topLevelDirs: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const [, code] of withoutFences(markdown).matchAll(/`([^`\n]+)`/g)) {
    const candidate = (code ?? '').trim().replace(/[.,;:]+$/, '');
    if (candidate.startsWith('../')) {
      found.push(candidate);
      continue;
    }
    if (!/^[\w.-]+\/[^\s]*$/.test(candidate)) continue;
    const first = candidate.split('/')[0] as string;
    if (topLevelDirs.has(first)) found.push(candidate);
  }
  return found;
}

/** Whether a repository-relative path exists; `*` matches within one segment. */
function pathExists(root: string, relative: string): boolean {
  const parts = relative.replace(/\/$/, '').split('/');
  let dirs = [root];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of dirs) {
      if (!part.includes('*')) {
        if (fs.existsSync(path.join(dir, part))) next.push(path.join(dir, part));
        continue;
      }
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
      const re = new RegExp(`^${part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      for (const entry of fs.readdirSync(dir)) if (re.test(entry)) next.push(path.join(dir, entry));
    }
    dirs = next;
  }
  return dirs.length > 0;
}

/** Every problem with one document's links and paths, as readable lines. */
function problems(root: string, doc: string, markdown: string): string[] {
  const out: string[] = [];
  const topLevelDirs = new Set(
    fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !NOT_IN_REPOSITORY.has(e.name)).map((e) => e.name),
  );
  const text = withoutFences(markdown);
  for (const [, href] of text.matchAll(/\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const link = href as string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:
    const [file, anchor] = link.split('#') as [string, string | undefined];
    const resolved = file === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
    if (resolved.startsWith('../')) {
      out.push(`${doc}: [..](${link}) points outside the repository`);
      continue;
    }
    if (!fs.existsSync(path.join(root, resolved))) {
      out.push(`${doc}: [..](${link}) names ${resolved}, which does not exist`);
      continue;
    }
    const target = file === '' ? markdown : resolved.endsWith('.md') ? fs.readFileSync(path.join(root, resolved), 'utf8') : null;
    if (anchor !== undefined && target !== null && !anchors(target).has(anchor)) {
      out.push(`${doc}: [..](${link}) has no heading #${anchor} in ${resolved}`);
    }
  }
  for (const p of repoPaths(markdown, topLevelDirs)) {
    if (p.startsWith('../')) {
      out.push(`${doc}: \`${p}\` is outside the repository`);
      continue;
    }
    if (ALLOWED_MISSING.some((a) => a.pattern.test(p))) continue;
    // `src/foo.ts:42` names a line; `<...>` is a placeholder the reader fills in.
    const bare = p.replace(/:\d+(-\d+)?$/, '');
    if (bare.includes('<')) {
      if (!pathExists(root, bare.slice(0, bare.indexOf('<')).replace(/[^/]*$/, ''))) out.push(`${doc}: \`${p}\`: no such folder`);
      continue;
    }
    if (!pathExists(root, bare)) out.push(`${doc}: \`${p}\` does not exist`);
  }
  return out;
}

test.each(documents())('%s: links, anchors and named paths exist', (doc) => {
  expect(problems(ROOT, doc, fs.readFileSync(path.join(ROOT, doc), 'utf8'))).toEqual([]);
});

test('the checker finds a missing file, a missing anchor, a link out of the repository and a missing path', () => {
  const doc = [
    '# Title',
    'See [api](docs/api.md#errors), [gone](docs/nope.md), [bad anchor](docs/api.md#no-such-heading),',
    '[title](#title), [out](../shared/SCHEMA.md), `src/no/such/file.ts`, `../shared/tools/schema-check`,',
    '`migrations/committed/000001-*.sql`, `bench/results/20260101T000000Z.json`, `application/json`.',
    '```sh',
    'cat src/not/checked/inside/fences.ts',
    '```',
  ].join('\n');
  expect(problems(ROOT, 'README.md', doc)).toEqual([
    'README.md: [..](docs/nope.md) names docs/nope.md, which does not exist',
    'README.md: [..](docs/api.md#no-such-heading) has no heading #no-such-heading in docs/api.md',
    'README.md: [..](../shared/SCHEMA.md) points outside the repository',
    'README.md: `src/no/such/file.ts` does not exist',
    'README.md: `../shared/tools/schema-check` is outside the repository',
  ]);
});

test('anchors follow GitHub: punctuation dropped, repeated headings numbered', () => {
  expect([...anchors('## Importing files\n## Errors (REST and GraphQL)\n## Errors (REST and GraphQL)\n```\n# not a heading\n```')]).toEqual([
    'importing-files',
    'errors-rest-and-graphql',
    'errors-rest-and-graphql-1',
  ]);
});
