// Lint: typescript-eslint's recommended rules over the project's TypeScript.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

// Folders import downwards only. From the bottom:
//   foundation  src/config.ts, src/secrets.ts, src/validation, src/time  (only each other)
//   data        src/db, src/storage                                    (foundation)
//   formats     src/importers, src/documents, src/photos               (data, foundation; not each other,
//               except that documents may use importers' file sniffing)
//   http        src/http: logger, request id and state, JWT, the REST error responder (foundation, db)
//   mail        src/mail: templates, the mailer and the mail queue           (data, foundation)
//   stats       src/stats: pure statistics over arrays (nothing of the project's)
//   features    src/auth, src/providers, src/billing, src/insights     (mail, http, data, stats, foundation; not each other)
//   jobs        src/jobs: the worker runner, its recovery, the job bodies (features' providers, formats, http, data)
//               src/privacy: exports, erasure, retention (providers, billing, importers, mail, http, data; not src/jobs)
//               src/ops: backups, restores and their proof (mail, http, data; not src/jobs or src/privacy)
//   tasks       tasks/: graphile-worker's task list, handed to src/jobs/worker.ts by its callers
//   top         src/server, src/cli, server.ts, seeds/, bench/, test/  (anything)
// plugins/ (PostGraphile plugins, loaded by src/server) import only the foundation.
// Each entry lists what a folder must never import (src/ folders, tasks, plugins); a file at any depth is checked.
const ABOVE_DATA = ['http', 'mail', 'insights', 'auth', 'providers', 'billing', 'importers', 'documents', 'photos', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'];
const FEATURES_UP = ['auth', 'providers', 'billing', 'insights', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'];
const FORBIDDEN = {
  validation: ['db', 'storage', 'time', 'stats', ...ABOVE_DATA],
  stats: ['db', 'storage', 'time', 'validation', ...ABOVE_DATA],
  time: ['db', 'storage', 'validation', 'stats', ...ABOVE_DATA],
  db: ['storage', ...ABOVE_DATA],
  storage: ['db', ...ABOVE_DATA],
  importers: ['http', 'mail', 'documents', 'photos', ...FEATURES_UP],
  documents: ['http', 'mail', 'photos', ...FEATURES_UP],
  photos: ['http', 'mail', 'importers', 'documents', ...FEATURES_UP],
  http: ['storage', 'mail', 'importers', 'documents', 'photos', ...FEATURES_UP],
  mail: ['storage', 'http', 'importers', 'documents', 'photos', ...FEATURES_UP],
  auth: ['storage', 'importers', 'documents', 'photos', 'providers', 'billing', 'insights', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'],
  providers: ['storage', 'importers', 'documents', 'photos', 'auth', 'billing', 'insights', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'],
  billing: ['storage', 'importers', 'documents', 'photos', 'auth', 'providers', 'insights', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'],
  jobs: ['auth', 'billing', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'],
  privacy: ['auth', 'documents', 'photos', 'jobs', 'insights', 'ops', 'server', 'cli', 'tasks', 'plugins'],
  ops: ['auth', 'providers', 'billing', 'insights', 'importers', 'documents', 'photos', 'jobs', 'privacy', 'server', 'cli', 'tasks', 'plugins'],
  insights: ['storage', 'importers', 'documents', 'photos', 'auth', 'providers', 'billing', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks', 'plugins'],
};
const ROOT_FOLDERS = ['tasks', 'plugins'];
const escapeDots = (text) => text.replace(/[.]/g, '\\.');
/** The rule for files that reach src/ by `toSrc` and the repository root by `toRoot` (relative specifiers). */
const restricted = (folder, targets, toSrc, toRoot) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: targets.map((target) => {
        const root = ROOT_FOLDERS.includes(target);
        return {
          regex: `^${escapeDots(root ? toRoot : toSrc)}${target}(/|$)`,
          message: `${folder} must not import ${root ? target : `src/${target}`}: folders import downwards only (the layering in eslint.config.js).`,
        };
      }),
    },
  ],
});
const layering = [
  ...Object.entries(FORBIDDEN).flatMap(([folder, targets]) =>
    [1, 2, 3, 4].map((depth) => ({
      files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: restricted(`src/${folder}`, targets, '../'.repeat(depth), '../'.repeat(depth + 1)),
    })),
  ),
  // The foundation files beside the folders.
  { files: ['src/config.ts', 'src/secrets.ts'], rules: restricted('src/config.ts', ['db', 'storage', ...ABOVE_DATA], './', '../') },
  { files: ['tasks/*.ts'], rules: restricted('tasks', ['auth', 'server', 'cli', 'plugins'], '../src/', '../') },
  { files: ['plugins/*.ts'], rules: restricted('plugins', ['db', 'storage', 'http', 'mail', 'auth', 'providers', 'billing', 'importers', 'documents', 'photos', 'jobs', 'privacy', 'ops', 'server', 'cli', 'tasks'], '../src/', '../') },
];

module.exports = tseslint.config(
  { ignores: ['node_modules/', '.data/', 'bench/results/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layering,
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
  },
);
