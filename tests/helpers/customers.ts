import { newId } from '../../src/core/ids.js';
import type { Services } from '../../src/composition.js';
import { customerBlindKeys, type StoredContact } from '../../src/modules/customers/customers.contact.js';

export type SeedCustomer = StoredContact & { ref: string; jurisdiction?: string };

/**
 * Stores customers the way the customer import does (contact encrypted, blind indexes), for tests of
 * the modules that read the master. Returns customers.id by reference.
 */
export async function seedCustomers(services: Services, customers: readonly SeedCustomer[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const at = services.clock.now().toISOString();
  for (const c of customers) {
    const { ref, jurisdiction, ...contact } = c;
    const keys = customerBlindKeys(services.cipher, {
      email: contact.email,
      phone: contact.phone,
      full_name: contact.full_name,
      first_name: contact.first_name,
      last_name: contact.last_name,
      postal_code: contact.postal_code,
      country: contact.country,
    });
    const id = newId();
    ids.set(ref, id);
    await services.db
      .insertInto('customers')
      .values({
        id,
        customer_ref: ref,
        contact_enc: services.cipher.encrypt(JSON.stringify(contact)),
        email_bidx: keys.email,
        phone_bidx: keys.phone,
        name_bidx: keys.name,
        country: contact.country ?? null,
        region: contact.region ?? null,
        jurisdiction:
          jurisdiction ?? (contact.country ? (contact.region ? `${contact.country}-${contact.region}` : contact.country) : 'unknown'),
        import_id: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  return ids;
}

/** The shop of the scoping fixtures: two Ann Lees share a name and postal code (never merged). */
export const fixtureCustomers: SeedCustomer[] = [
  {
    ref: 'K-1001',
    first_name: 'Jürgen',
    last_name: 'Groß',
    email: 'juergen.gross@example.de',
    phone: '+49 30 12345678',
    postal_code: '10115',
    country: 'DE',
  },
  {
    ref: 'K-1002',
    first_name: 'Élodie',
    last_name: 'Lefèvre',
    email: 'elodie@example.fr',
    phone: '06 12 34 56 78',
    postal_code: '75005',
    country: 'FR',
  },
  {
    ref: 'K-1003',
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann.lee@example.com',
    phone: '+1 415 555 2671',
    postal_code: '94110',
    country: 'US',
    region: 'CA',
  },
  {
    ref: 'K-1004',
    first_name: 'Ann',
    last_name: 'Lee',
    email: 'ann.lee2@example.com',
    phone: '+1 212 555 0199',
    postal_code: '94110',
    country: 'US',
    region: 'CA',
  },
  {
    ref: 'K-1005',
    first_name: 'Mary',
    last_name: 'Smith',
    email: 'mary@example.com',
    phone: '+1 646 555 0143',
    postal_code: '10001',
    country: 'US',
    region: 'NY',
  },
];
