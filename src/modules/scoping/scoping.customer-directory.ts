import type { Cipher } from '../../core/crypto.js';
import type { Db } from '../../db/database.js';
import { buildStoredCustomerIndex } from '../customers/customers.service.js';
import type { CustomerService } from '../customers/customers.service.js';
import type { CustomerDirectory } from './scoping.service.js';

/**
 * The stored customer master as the scoping service sees it: the match index built from the `customers`
 * table (contact data decrypted in memory only, page by page), lookups by blind index through the customers
 * module, and reference + contact of the customers a review or export names (decrypted by the customers module).
 */
export function createCustomerDirectory(deps: {
  db: Db;
  cipher: Cipher;
  customers: Pick<CustomerService, 'findByContact' | 'describeByIds'>;
}): CustomerDirectory {
  const { db, cipher, customers } = deps;

  return {
    loadIndex: () => buildStoredCustomerIndex(db, cipher),
    findByContact: async (q) =>
      (await customers.findByContact(q)).map(({ id, customer_ref, jurisdiction, contact }) => ({
        id,
        customer_ref,
        jurisdiction,
        contact,
      })),
    describe: (ids) => customers.describeByIds(ids),
  };
}
