import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainedFields, createChainVerifier, entryHash, GENESIS_HASH } from './audit.chain.js';

const fieldsArb = fc.record({
  at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  actor_id: fc.option(fc.uuid(), { nil: null }),
  actor_label: fc.string(),
  action: fc.string({ minLength: 1 }),
  entity_type: fc.string({ minLength: 1 }),
  entity_id: fc.option(fc.string(), { nil: null }),
  incident_id: fc.option(fc.uuid(), { nil: null }),
  data_json: fc.jsonValue().map((v) => JSON.stringify(v)),
});

function buildChain(list: Array<Omit<ChainedFields, 'seq'>>) {
  let prev = GENESIS_HASH;
  return list.map((f, i) => {
    const fields = { ...f, seq: i + 1 };
    const hash = entryHash(prev, fields);
    const entry = { ...fields, prev_hash: prev, hash };
    prev = hash;
    return entry;
  });
}

function verify(entries: ReturnType<typeof buildChain>, head: { entry_count: number; last_hash: string }) {
  const v = createChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.finish(head);
}

describe('audit hash chain (property tests)', () => {
  it('accepts any untouched chain', () => {
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 1, maxLength: 20 }), (list) => {
        const chain = buildChain(list);
        expect(verify(chain, { entry_count: chain.length, last_hash: chain.at(-1)!.hash }).ok).toBe(true);
      }),
    );
  });

  it('finds the exact entry when any field of any entry is changed', () => {
    const keys = ['at', 'actor_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'incident_id', 'data_json'] as const;
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 1, maxLength: 15 }), fc.nat(), fc.constantFrom(...keys), (list, pick, key) => {
        const chain = buildChain(list);
        const index = pick % chain.length;
        const target = chain[index]!;
        const original = target[key];
        const changed = key === 'data_json' ? JSON.stringify({ tampered: original }) : `${original ?? ''}x`;
        chain[index] = { ...target, [key]: changed };
        const result = verify(chain, { entry_count: chain.length, last_hash: chain.at(-1)!.hash });
        expect(result).toMatchObject({ ok: false, firstBadSeq: index + 1 });
      }),
    );
  });

  it('detects deletion and swapping of entries', () => {
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 3, maxLength: 15 }), fc.nat(), (list, pick) => {
        const chain = buildChain(list);
        const head = { entry_count: chain.length, last_hash: chain.at(-1)!.hash };
        const i = pick % (chain.length - 1);
        const deleted = chain.filter((_, j) => j !== i);
        expect(verify(deleted, head).ok).toBe(false);
        const swapped = [...chain];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
        expect(verify(swapped, head)).toMatchObject({ ok: false, firstBadSeq: i + 1 });
      }),
    );
  });
});
