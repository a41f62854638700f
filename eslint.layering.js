// Layering rules (docs/ARCHITECTURE.md, "Layering that checks itself"). Kept apart from eslint.config.js so
// tests/layering.test.ts can run exactly these rules on deliberate breaches and prove they fail.
// Patterns are gitignore-style and match the import specifier as written (relative paths included).

/** The scan library's internals: outside src/scan/ only its entry file may be imported. */
const scanInternals = { regex: '(^|/)scan/(?!index\\.js$)', message: 'Import the scan library only through src/scan/index.ts.' };
/** Another module's repository: go through its service (or a callback the composition root wires). */
const otherRepositories = {
  group: ['../*/*.repository.js', '**/modules/*/*.repository.js'],
  message: "Another module's tables are reached through its service, not its repository.",
};
const kysely = {
  name: 'kysely',
  message: 'Kysely belongs in repositories, src/db and the job queue; services take Executor/Trx types from src/db/database.ts.',
};

export const layering = [
  {
    files: ['src/**/*.ts'],
    ignores: ['src/scan/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [scanInternals, otherRepositories] }] },
  },
  {
    // Kysely only in repositories, src/db and the job queue (tests may build fixtures with it). A rule of its own
    // (typescript-eslint's twin of no-restricted-imports), so this narrower block does not replace the one above.
    files: ['src/**/*.ts'],
    ignores: ['src/scan/**', '**/*.repository.ts', 'src/db/**', 'src/jobs/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [kysely] }] },
  },
  {
    // The scan library is pure: nothing from the modules, the database, the HTTP server or the composition root.
    files: ['src/scan/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            kysely,
            { name: 'pg', message: 'The scan library has no database.' },
            { name: 'better-sqlite3', message: 'The scan library has no database.' },
            { name: 'fastify', message: 'The scan library has no HTTP server.' },
          ],
          patterns: [
            {
              group: ['**/modules/**', '**/db/**', '**/server/**', '**/jobs/**', '**/config/**', '**/composition.js', '**/cli/**'],
              message: 'The scan library imports only src/contract/ and packages (it is used by modules, never the other way round).',
            },
          ],
        },
      ],
    },
  },
  {
    // The admin UI shares only the zod-free vocabularies of src/contract/ with the server.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src/(?!contract/)',
              message: 'The admin UI imports only src/contract/ from the server (zod-free vocabularies).',
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read once, in src/config; everything else gets the frozen Config object.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**', '**/*.test.ts', 'src/cli/main.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through loadConfig() in src/config, not process.env.',
        },
      ],
    },
  },
];
