import type { Cipher } from '../../core/crypto.js';
import type { Db } from '../../db/database.js';
import { type CustomerIndex, CustomerIndexBuilder, personNameKey, phoneKeys } from './scoping.customers.js';
import type { PersonQuery } from './scoping.schemas.js';
import * as repo from './scoping.repository.js';
import type { CustomerDirectory } from './scoping.service.js';
import { normalizeEmail, normalizePostalCode } from './scoping.validators.js';

/** Contact fields as the customer import stores them (encrypted JSON). */
export type StoredContact = Partial<
  Record<
    'email' | 'phone' | 'first_name' | 'last_name' | 'full_name' | 'street' | 'postal_code' | 'city' | 'region' | 'country',
    string | null
  >
>;

/** Blind-index keys of a person (domain-prefixed so an email can never collide with a phone). */
export function contactBlindKeys(
  cipher: Cipher,
  c: {
    email?: string | null;
    phone?: string | null;
    name?: string | null;
    first_name?: string | null;
    last_name?: string | null;
    postal_code?: string | null;
    country?: string | null;
  },
) {
  const email = c.email ? normalizeEmail(c.email) : null;
  const phone = c.phone ? phoneKeys(c.phone, c.country ?? null).e164 : null;
  const name = personNameKey(c.name ?? null, c.first_name ?? null, c.last_name ?? null);
  const postal = c.postal_code ? normalizePostalCode(c.postal_code) : null;
  return {
    email: email ? cipher.blindIndex(`email:${email}`) : null,
    phone: phone ? cipher.blindIndex(`phone:${phone}`) : null,
    name: name && postal ? cipher.blindIndex(`name:${name}|${postal}`) : null,
  };
}

const PAGE = 5000;

/**
 * The customer master as the scoping service sees it, read from the `customers` table: the match index
 * (contact data decrypted in memory only, page by page) and lookups by blind index.
 */
export function createCustomerDirectory(deps: { db: Db; cipher: Cipher }): CustomerDirectory {
  const { db, cipher } = deps;
  const open = (enc: string) => JSON.parse(cipher.decrypt(enc)) as StoredContact;

  async function loadIndex(): Promise<CustomerIndex> {
    const builder = new CustomerIndexBuilder();
    for (let after = '', rows = await repo.customerPage(db, after, PAGE); rows.length; rows = await repo.customerPage(db, after, PAGE)) {
      for (const r of rows) {
        const c = open(r.contact_enc);
        builder.add({
          id: r.id,
          email: c.email ?? null,
          phone: c.phone ?? null,
          first_name: c.first_name ?? null,
          last_name: c.last_name ?? null,
          full_name: c.full_name ?? null,
          postal_code: c.postal_code ?? null,
          country: r.country,
          region: r.region,
        });
      }
      after = rows[rows.length - 1]!.id;
    }
    return builder.build();
  }

  const toCustomer = (r: { id: string; customer_ref: string; jurisdiction: string; contact_enc: string }) => ({
    id: r.id,
    customer_ref: r.customer_ref,
    jurisdiction: r.jurisdiction,
    contact: open(r.contact_enc) as Record<string, string | null>,
  });

  async function findByContact(q: PersonQuery) {
    const keys = contactBlindKeys(cipher, { email: q.email, phone: q.phone, name: q.name, postal_code: q.postal_code });
    const rows = await repo.findCustomersByKeys(db, { ...keys, customerRef: q.customer_ref ?? null });
    return rows.map(toCustomer);
  }

  async function describe(ids: readonly string[]) {
    const rows = await repo.customersByIds(db, ids);
    return new Map(
      rows.map((r) => {
        const { id, ...rest } = toCustomer(r);
        return [id, rest];
      }),
    );
  }

  return { loadIndex, findByContact, describe };
}
