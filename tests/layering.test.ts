/**
 * The layering rules of eslint.layering.js (also part of `npm run lint`) must fail on each kind of breach
 * they exist for, and pass the imports the architecture allows. Each case lints a snippet as if it were a
 * file at the given path, with only those rules, so the test needs no type information.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layering } from '../eslint.layering.js';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser }, plugins: { '@typescript-eslint': tseslint.plugin } },
    ...layering,
  ],
});

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layering lint rules', () => {
  const breaches: Array<[string, string, string, RegExp]> = [
    [
      'scan library imports a module',
      'src/scan/run/x.ts',
      "import { a } from '../../modules/customers/customers.service.js';",
      /scan library imports only/,
    ],
    [
      'scan library imports the database',
      'src/scan/match/x.ts',
      "import type { Db } from '../../db/database.js';",
      /scan library imports only/,
    ],
    ['scan library imports Kysely', 'src/scan/x.ts', "import { sql } from 'kysely';", /Kysely belongs/],
    [
      'a module imports a scan internal',
      'src/modules/customers/x.ts',
      "import { a } from '../../scan/match/customer-index.js';",
      /only through src\/scan\/index/,
    ],
    ['a service imports Kysely', 'src/modules/tasks/tasks.service.ts', "import type { Transaction } from 'kysely';", /Kysely belongs/],
    [
      "a service imports another module's repository",
      'src/modules/demo/demo.service.ts',
      "import * as r from '../incidents/incidents.repository.js';",
      /through its service/,
    ],
    [
      'the web imports a server module',
      'web/src/pages/X.tsx',
      "import { a } from '../../../src/modules/auth/auth.permissions.js';",
      /only src\/contract/,
    ],
    ['a service reads process.env', 'src/modules/mail/mail.service.ts', 'export const url = process.env.SMTP_URL;', /loadConfig/],
  ];
  for (const [name, file, code, message] of breaches) {
    it(`fails when ${name}`, async () => {
      const found = await problems(file, code);
      expect(found.length, found.join('\n')).toBe(1);
      expect(found[0]).toMatch(message);
    });
  }

  const allowed: Array<[string, string, string]> = [
    ['a module imports the scan entry file', 'src/modules/customers/x.ts', "import { runScope } from '../../scan/index.js';"],
    ['the scan library imports a contract vocabulary', 'src/scan/detect/x.ts', "import { dataTypes } from '../../contract/data-types.js';"],
    ['a repository imports Kysely', 'src/modules/tasks/tasks.repository.ts', "import { sql } from 'kysely';"],
    ['a service imports its own repository', 'src/modules/tasks/tasks.service.ts', "import * as repo from './tasks.repository.js';"],
    ['the web imports a contract vocabulary', 'web/src/pages/X.tsx', "import { roles } from '../../../src/contract/roles.js';"],
    ['the config reads process.env', 'src/config/config.ts', 'export const env = process.env;'],
  ];
  for (const [name, file, code] of allowed) {
    it(`passes when ${name}`, async () => {
      expect(await problems(file, code)).toEqual([]);
    });
  }
});
