/**
 * The scoping result as a JSON document, written in pieces. A run over a big leak can list millions of
 * affected customers and unmatched individuals: as one string that document would pass V8's string limit
 * (about 512 MiB) and hold gigabytes, so it is produced element by element, exactly as
 * `JSON.stringify(result, null, 2)` would print it.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ScopeJson, ScopeResult } from '../types.js';

/** Pieces of about this many characters, each made of whole lines. */
const PIECE_CHARS = 1 << 20;

const indent = (json: string, pad: string) => pad + json.replaceAll('\n', `\n${pad}`);

/** The document in pieces of whole lines (join them with "\n" for the document without its final newline). */
export function* scopeJsonPieces(result: ScopeResult | ScopeJson): Generator<string> {
  let piece: string[] = ['{'];
  let size = 1;
  const keys = Object.keys(result) as Array<keyof ScopeResult>;
  const values = result as Record<keyof ScopeResult, unknown>;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const value = values[key];
    const comma = k + 1 < keys.length ? ',' : '';
    const list = key === 'affected' || key === 'unmatched_individuals' ? (value as Iterable<unknown> & { length: number }) : null;
    if (!list || list.length === 0) {
      const line = `  ${JSON.stringify(key)}: ${indent(JSON.stringify(list ? [] : value, null, 2), '  ').slice(2)}${comma}`;
      piece.push(line);
      size += line.length;
      continue;
    }
    piece.push(`  ${JSON.stringify(key)}: [`);
    let left = list.length;
    for (const item of list) {
      const line = indent(JSON.stringify(item, null, 2), '    ') + (--left > 0 ? ',' : '');
      piece.push(line);
      size += line.length;
      if (size >= PIECE_CHARS) {
        yield piece.join('\n');
        piece = [];
        size = 0;
      }
    }
    piece.push(`  ]${comma}`);
  }
  piece.push('}');
  yield piece.join('\n');
}

/**
 * Writes the document to a file (with a final newline), waiting for the disk when it falls behind; `also`
 * gets each piece too (`--json` with `--out`: the document is made once).
 */
export async function writeScopeJson(result: ScopeResult | ScopeJson, file: string, also?: (piece: string) => void): Promise<void> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => {});
  for (const piece of scopeJsonPieces(result)) {
    also?.(piece);
    if (!out.write(piece + '\n')) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
