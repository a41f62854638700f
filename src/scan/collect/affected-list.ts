/**
 * The affected customers of a result, read from the collector's typed arrays when asked for (see
 * scan/collect/result-list.ts): per customer position its data-type mask, match-rule bits and a list of (source,
 * records) nodes in source order.
 */
import type { DataType } from '../../contract/data-types.js';
import type { CustomerIndex } from '../match/customer-index.js';
import { ResultList } from './result-list.js';
import type { AffectedCustomer, MatchRule } from '../types.js';

/** What an `AffectedList` reads from. */
export interface AffectedStorage {
  index: CustomerIndex;
  /** Positions of the affected customers, ascending. */
  positions: Int32Array;
  typeMask: Int32Array;
  rankBits: Uint8Array;
  head: Int32Array;
  nodeSrc: Int32Array;
  nodeRecords: Int32Array;
  nodeNext: Int32Array;
}

export class AffectedList extends ResultList<AffectedCustomer> {
  readonly length: number;

  constructor(
    private readonly storage: AffectedStorage,
    protected readonly sourceNames: string[],
    private readonly typesOf: (mask: number) => DataType[],
    /** The match object of each rule rank (shared, frozen). */
    private readonly matchOfRank: ReadonlyArray<{ rule: MatchRule; confidence: number }>,
  ) {
    super();
    this.length = storage.positions.length;
  }

  at(i: number): AffectedCustomer | undefined {
    if (i < 0 || i >= this.length) return undefined;
    const s = this.storage;
    const c = s.positions[i]!;
    const sources: Array<{ file: string; records: number }> = [];
    for (let n = s.head[c]!; n !== -1; n = s.nodeNext[n]!)
      sources.push({ file: this.sourceNames[s.nodeSrc[n]!]!, records: s.nodeRecords[n]! });
    return {
      customer_id: s.index.idOf(c),
      data_types: this.typesOf(s.typeMask[c]!),
      sources,
      match: this.matchOfRank[31 - Math.clz32(s.rankBits[c]!)]!,
    };
  }
}
