import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvParser, createJsonDocumentParser, createJsonLinesParser, createTextParser } from './parsers.js';
import { createSqlParser, createTableColumns } from './sql-parser.js';
import type { FileError, ParseTarget, Parser } from '../types.js';

function collect() {
  const rows: Array<{ table: string | null; columns: readonly string[] | null; fields: string[]; line: number }> = [];
  const objects: Array<{ value: unknown; line: number }> = [];
  const lines: Array<{ text: string; line: number }> = [];
  const errors: FileError[] = [];
  const target: ParseTarget = {
    row: (table, columns, fields, line) => rows.push({ table, columns, fields, line }),
    object: (value, line) => objects.push({ value, line }),
    text: (text, line) => lines.push({ text, line }),
    error: (e) => errors.push(e),
  };
  return { rows, objects, lines, errors, target };
}

/** Feeds `text` to the parser cut at the given positions (any split must give the same records). */
function feed(parser: Parser, text: string, cuts: number[]) {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(cut, text.length);
    if (end > at) parser.push(text.slice(at, end));
    at = Math.max(at, end);
  }
  parser.push(text.slice(at));
  parser.end();
}

const cell = fc.string({ unit: fc.constantFrom('a', 'b', 'é', ' ', ',', ';', '"', '\n', '\r\n', '1', '李'), maxLength: 8 });

describe('CSV parser', () => {
  it('reads back any table written by csv-stringify, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.array(fc.nat(200), { maxLength: 6 }),
        fc.boolean(),
        (table, delimiter, cuts, crlf) => {
          const rows = table.map((r) => ['x', ...r]); // no blank rows: a first column that is never empty
          const text = stringify(rows, { delimiter, record_delimiter: crlf ? 'windows' : 'unix', quoted_match: /[\r\n]/ });
          const c = collect();
          feed(createCsvParser(delimiter, c.target), text, cuts);
          expect(c.rows.map((r) => r.fields)).toEqual(rows);
          expect(c.errors).toEqual([]);
        },
      ),
    );
  });

  it('hands an empty string for unneeded unquoted columns, and everything else as it is (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (table, cuts) => {
          const text = stringify(table);
          const all = collect();
          feed(createCsvParser(',', all.target), text, cuts);
          const some = collect();
          feed(createCsvParser(',', { ...some.target, unusedColumns: () => Uint8Array.of(0, 1, 0) }), text, cuts);
          expect(some.rows.map((r) => r.line)).toEqual(all.rows.map((r) => r.line));
          some.rows.forEach((r, k) => {
            const whole = all.rows[k]!.fields;
            expect(r.fields.length).toBe(whole.length);
            expect(r.fields[0]).toBe(whole[0]);
            expect(r.fields[2]).toBe(whole[2]);
            // Column 2 is cut only when quoted (the value is built anyway); an unquoted one is left out.
            if (r.fields[1] !== whole[1]) expect(r.fields[1]).toBe('');
          });
        },
      ),
    );
  });

  it('counts lines across quoted newlines and skips blank lines', () => {
    const c = collect();
    feed(createCsvParser(',', c.target), 'a,b\n"multi\nline",2\n\n3,4', []);
    expect(c.rows.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['multi\nline', '2']],
      [5, ['3', '4']],
    ]);
  });

  it('stops with an error naming the line when an unbalanced quote swallows the rest', () => {
    const c = collect();
    const parser = createCsvParser(',', c.target, 1000);
    feed(parser, 'a,b\n1,"never closed\n' + 'x,y\n'.repeat(500), [50, 100, 500, 1500]);
    expect(parser.aborted).toBe(true);
    expect(c.errors[0]).toMatchObject({ line: 2 });
    expect(c.rows).toHaveLength(1);
  });
});

describe('JSON readers', () => {
  const record = fc.record({ name: fc.string(), nested: fc.record({ n: fc.integer(), list: fc.array(fc.string(), { maxLength: 3 }) }) });

  it('splits a JSON array of objects into records for any chunking and indentation', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 10 }), fc.array(fc.nat(400), { maxLength: 6 }), fc.boolean(), (records, cuts, pretty) => {
        const c = collect();
        feed(createJsonDocumentParser(c.target), JSON.stringify(records, null, pretty ? 2 : undefined), cuts);
        expect(c.objects.map((o) => o.value)).toEqual(records);
        expect(c.errors).toEqual([]);
      }),
    );
  });

  it('takes the records of a root object from its array properties, or the object itself', () => {
    const c = collect();
    feed(createJsonDocumentParser(c.target), '{"exported": "2024",\n "users": [\n {"a": 1},\n {"a": [2, {"b": 3}]}\n ]}', [7, 30]);
    expect(c.objects).toEqual([
      { value: { a: 1 }, line: 3 },
      { value: { a: [2, { b: 3 }] }, line: 4 },
    ]);
    const single = collect();
    feed(createJsonDocumentParser(single.target), '{"email": "a@b.example"}', [5]);
    expect(single.objects.map((o) => o.value)).toEqual([{ email: 'a@b.example' }]);
  });

  it('reports a malformed element and a truncated document with line numbers', () => {
    const c = collect();
    feed(createJsonDocumentParser(c.target), '[\n{"a": 1},\n{"a": tru},\n{"a": 3}\n', []);
    expect(c.objects.map((o) => o.value)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(c.errors.map((e) => e.line)).toEqual([3, 5]);
    expect(c.errors[1]!.message).toMatch(/truncated/);
  });

  it('reads JSON Lines, reporting bad lines and going on', () => {
    const c = collect();
    feed(createJsonLinesParser(c.target), '{"a":1}\r\n{oops\n\n{"a":2}', [3]);
    expect(c.objects).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 4 },
    ]);
    expect(c.errors).toMatchObject([{ line: 2 }]);
  });
});

describe('text reader', () => {
  it('skips a line longer than the limit with an error and reads the next ones', () => {
    const c = collect();
    feed(createTextParser(c.target, 100), `first\n${'x'.repeat(1000)}\nthird\n`, [10, 200, 600]);
    expect(c.lines).toEqual([
      { text: 'first', line: 1 },
      { text: 'third', line: 3 },
    ]);
    expect(c.errors).toMatchObject([{ line: 2 }]);
  });
});

describe('SQL reader', () => {
  it('reads multi-tuple MySQL INSERTs with escapes for any chunking', () => {
    const dump = [
      '-- MySQL dump',
      'CREATE TABLE `users` (`id` int, `email` varchar(99), `note` text, PRIMARY KEY (`id`), KEY `e` (`email`)) ENGINE=InnoDB;',
      "INSERT INTO `users` VALUES (1,'a@b.example','it\\'s; (fine)'),(2,NULL,'back\\\\slash\\nnewline'),",
      "(3,'c@d.example','doubled '' quote');",
      "INSERT INTO `orders` (`id`, `card`) VALUES (7, _utf8mb4'4539 1488 0343 6467');",
      '',
    ].join('\n');
    fc.assert(
      fc.property(fc.array(fc.nat(dump.length), { maxLength: 8 }), (cuts) => {
        const c = collect();
        feed(createSqlParser(c.target, 'mysql'), dump, cuts);
        expect(c.errors).toEqual([]);
        expect(c.rows.map((r) => [r.table, r.columns, r.fields, r.line])).toEqual([
          ['users', ['id', 'email', 'note'], ['1', 'a@b.example', "it's; (fine)"], 3],
          ['users', ['id', 'email', 'note'], ['2', '', 'back\\slash\nnewline'], 3],
          ['users', ['id', 'email', 'note'], ['3', 'c@d.example', "doubled ' quote"], 4],
          ['orders', ['id', 'card'], ['7', '4539 1488 0343 6467'], 5],
        ]);
      }),
    );
  });

  it('reads back any values written as one extended INSERT line, with the line numbers after it (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', "'", '\\', '\n', ',', '(', ')', ';', 'é', ' '), maxLength: 10 });
    // mysqldump's escaping: backslash, quote and line feed escaped with a backslash; or the quote doubled.
    const escape = (v: string, doubled: boolean) =>
      `'${v
        .replace(/\\/g, '\\\\')
        .replace(/\n/g, '\\n')
        .replace(/'/g, doubled ? "''" : "\\'")}'`;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, text, fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(2000), { maxLength: 6 }),
        (tuples, cuts) => {
          const dump = [
            'CREATE TABLE `t` (`a` text, `b` text);',
            `INSERT INTO \`t\` VALUES ${tuples.map(([a, b, d]) => `(${escape(a, d)},${escape(b, !d)})`).join(',')};`,
            "INSERT INTO `t` VALUES ('last','row');",
            '',
          ].join('\n');
          const c = collect();
          feed(createSqlParser(c.target, 'mysql'), dump, cuts);
          expect(c.errors).toEqual([]);
          expect(c.rows.map((r) => [r.fields, r.line])).toEqual([...tuples.map(([a, b]) => [[a, b], 2]), [['last', 'row'], 3]]);
        },
      ),
    );
  });

  it('reads PostgreSQL COPY blocks and standard strings', () => {
    const dump = [
      'COPY public.customers (id, name, email) FROM stdin;',
      '1\tJosé\\tNúñez\ta@b.example',
      '2\t\\N\tc@d.example',
      '\\.',
      "INSERT INTO public.t (path) VALUES ('C:\\dir'), (E'a\\'b');",
    ].join('\n');
    const c = collect();
    feed(createSqlParser(c.target, 'postgres'), dump, [20, 60]);
    expect(c.rows.map((r) => [r.table, r.fields, r.line])).toEqual([
      ['customers', ['1', 'José\tNúñez', 'a@b.example'], 2],
      ['customers', ['2', '', 'c@d.example'], 3],
      ['t', ['C:\\dir'], 5],
      ['t', ["a'b"], 5],
    ]);
  });

  it('reports tuples with the wrong number of values and a cut-off dump', () => {
    const c = collect();
    feed(
      createSqlParser(c.target, 'postgres'),
      "INSERT INTO t (a, b) VALUES (1, 2), (3), (4, 5);\nINSERT INTO t (a, b) VALUES (6, 'unfinished",
      [],
    );
    expect(c.rows.map((r) => r.fields)).toEqual([
      ['1', '2'],
      ['4', '5'],
    ]);
    expect(c.errors.map((e) => e.line)).toEqual([1, 2]);
    expect(c.errors[1]!.message).toMatch(/truncated/);
  });

  it('takes column names from CREATE TABLE bodies', () => {
    expect(createTableColumns('"id" serial PRIMARY KEY, email text NOT NULL, price numeric(10,2), CONSTRAINT u UNIQUE (email));')).toEqual([
      'id',
      'email',
      'price',
    ]);
  });
});
