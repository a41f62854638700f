import { z } from 'zod';
import { dataTypes } from '../../contract/data-types.js';
import { roleDataType, type Role } from '../../scan/index.js';

/** Every column role a person can pick when correcting a classification. */
export const columnRoles = Object.keys(roleDataType) as Role[];

export const addFilesInput = z
  .object({
    paths: z
      .array(z.string().trim().min(1).max(4096))
      .max(1000)
      .default([])
      .describe('files or directories on the server, inside BREACHDESK_LEAK_DIR'),
    evidence_ids: z.array(z.uuid()).max(1000).default([]).describe('evidence files of this incident (uploaded leak files)'),
  })
  .refine((v) => v.paths.length + v.evidence_ids.length > 0, 'name at least one file: paths or evidence_ids');
export type AddFilesInput = z.infer<typeof addFilesInput>;

export const columnOverridesInput = z.object({
  overrides: z
    .record(z.string().min(1).max(500), z.enum(columnRoles as [Role, ...Role[]]))
    .describe('column name (or table.column for SQL dumps) → role; "none" ignores a column'),
});

export const resolveReviewInput = z.object({
  customer_id: z.uuid().nullable().describe('the candidate this record belongs to, or null when it is none of them'),
  note: z.string().trim().max(5000).default(''),
});

export const personQuery = z
  .object({
    email: z.string().trim().max(320).optional(),
    phone: z.string().trim().max(64).optional(),
    name: z.string().trim().max(300).optional(),
    postal_code: z.string().trim().max(32).optional(),
    customer_ref: z.string().trim().max(200).optional(),
  })
  .refine(
    (q) => q.email || q.phone || (q.name && q.postal_code) || q.customer_ref,
    'search by email, phone, name + postal code, or customer_ref',
  );
export type PersonQuery = z.infer<typeof personQuery>;

export const registerQuery = z.object({
  jurisdiction: z.string().max(10).optional(),
  data_type: z.enum(dataTypes).optional(),
  customer_ref: z.string().max(200).optional(),
  after: z.uuid().optional().describe('cursor: the last customer_id of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
