import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissions, roles } from './auth.permissions.js';

/** docs/user-guide.md#roles promises its table matches the permission table in the code: this keeps it so. */
describe('the roles table in the user guide', () => {
  const guide = readFileSync('docs/user-guide.md', 'utf8');
  const rows = new Map(
    [...guide.matchAll(/^\| `([a-z_.]+)` +\|((?: +(?:✅|—) +\|){7}) +(yes|no) +\|$/gm)].map((m) => [
      m[1]!,
      {
        cells: m[2]!
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean),
        readToken: m[3]!,
      },
    ]),
  );

  it('has one row per permission, with the roles and read-only-token column of the code', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(permissions).sort());
    for (const [action, rule] of Object.entries(permissions)) {
      const row = rows.get(action)!;
      expect(row.cells, action).toEqual(roles.map((r) => ((rule.roles as readonly string[]).includes(r) ? '✅' : '—')));
      expect(row.readToken, action).toBe(rule.write ? 'no' : 'yes');
    }
  });

  it('describes every permission', () => {
    for (const action of Object.keys(permissions))
      expect(guide, action).toMatch(new RegExp(`^\\| \`${action.replace('.', '\\.')}\` +\\| [a-z]`, 'm'));
  });
});
