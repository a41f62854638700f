import { z } from 'zod';
import { customerFields } from './customers.contact.js';

const fieldEnum = z.enum(customerFields);

/** `field=column` pairs (CLI `--map`, the upload form's "map" field): a field of the customer master and a column of the file. */
export const mappingOverrides = z
  .record(z.string(), z.string().trim().min(1).max(500))
  .superRefine((map, ctx) => {
    for (const field of Object.keys(map))
      if (!fieldEnum.safeParse(field).success)
        ctx.addIssue({ code: 'custom', path: [field], message: `unknown field "${field}"; fields: ${customerFields.join(', ')}` });
  })
  .transform((map) => map as Partial<Record<(typeof customerFields)[number], string>>);

/** Parses `field=column` strings into a mapping; the error names the bad entry. */
export function parseMapPairs(
  pairs: readonly string[],
): { ok: true; map: z.infer<typeof mappingOverrides> } | { ok: false; message: string } {
  const raw: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) return { ok: false, message: `--map expects field=column, got "${pair}"` };
    const field = pair.slice(0, eq).trim();
    if (!fieldEnum.safeParse(field).success)
      return { ok: false, message: `unknown field "${field}" in --map ${pair}; fields: ${customerFields.join(', ')}` };
    raw[field] = pair.slice(eq + 1).trim();
  }
  const parsed = mappingOverrides.safeParse(raw);
  return parsed.success ? { ok: true, map: parsed.data } : { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
}

export const importOptions = z.object({
  map: mappingOverrides.default({}),
  id_column: z.string().trim().min(1).max(500).optional(),
  dry_run: z.boolean().default(false),
});
export type ImportOptions = z.infer<typeof importOptions>;

export const customerQuery = z
  .object({
    email: z.string().trim().min(1).max(320).optional(),
    phone: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(300).optional(),
    postal_code: z.string().trim().min(1).max(32).optional(),
    customer_ref: z.string().trim().min(1).max(200).optional(),
  })
  .refine(
    (q) => q.email || q.phone || (q.name && q.postal_code) || q.customer_ref,
    'search by email, phone, name + postal_code, or customer_ref',
  );
export type CustomerQuery = z.infer<typeof customerQuery>;

const columnMapping = z.object({
  column: z.string(),
  field: fieldEnum.nullable(),
  role: z.string(),
  how: z.enum(['override', 'id-column', 'header', 'content', 'unused']),
  note: z.string().optional(),
});

export const importResultSchema = z.object({
  import_id: z.string().nullable(),
  dry_run: z.boolean(),
  file: z.string(),
  sha256: z.string(),
  format: z.string(),
  mapping: z.array(columnMapping),
  fields: z.record(z.string(), z.string().nullable()),
  rows: z.number(),
  inserted: z.number(),
  updated: z.number(),
  skipped: z.object({ total: z.number(), missing_id: z.number(), duplicate_id: z.number() }),
  bad_rows: z.array(z.object({ line: z.number(), reason: z.enum(['missing_id', 'duplicate_id']) })),
  jurisdictions: z.record(z.string(), z.number()),
  samples: z.array(z.record(z.string(), z.string())),
});

export const importRecordSchema = z.object({
  id: z.string(),
  file_name: z.string(),
  sha256: z.string().nullable(),
  status: z.string(),
  rows_read: z.number(),
  inserted: z.number(),
  updated: z.number(),
  skipped: z.number(),
  imported_by: z.string().nullable(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});

export const summarySchema = z.object({
  total: z.number(),
  jurisdictions: z.array(z.object({ jurisdiction: z.string(), count: z.number() })),
});

export const customerSchema = z.object({
  id: z.string(),
  customer_ref: z.string(),
  jurisdiction: z.string(),
  country: z.string().nullable(),
  region: z.string().nullable(),
  contact: z.record(z.string(), z.string().nullable()),
  updated_at: z.string(),
});
