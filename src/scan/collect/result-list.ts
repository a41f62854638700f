import type { ResultEntries } from '../types.js';

/**
 * Lists in a scoping result that are read from typed storage one entry at a time (affected customers,
 * unmatched individuals): a run can find tens of millions of people, and an object each would need gigabytes
 * before anyone reads them. Iterable like an array (`for … of`, `[...list]`), indexable with `at`, and
 * `JSON.stringify` prints them as arrays (scan/output/json-document.ts streams big results instead).
 */
export abstract class ResultList<T> implements ResultEntries<T> {
  abstract readonly length: number;

  /** Entry `i`, made when asked for (a new object each call). */
  abstract at(i: number): T | undefined;

  /** File names by source number, renamed in place by `renameSources`. */
  protected abstract readonly sourceNames: string[];

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  /** Renames the files the entries name as sources (`renameFiles`). */
  renameSources(rename: (file: string) => string): void {
    for (let k = 0; k < this.sourceNames.length; k++) this.sourceNames[k] = rename(this.sourceNames[k]!);
  }

  toJSON(): T[] {
    return [...this];
  }
}
