// The region's configuration file (--config): who applies, the schablon amounts in force, and extra
// header aliases for the region's own exports. Validated by zod; every field has a default so the
// product runs without a file.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KNOWN_COLUMNS } from './domain/columns.js';

const kronorToOre = z
  .number()
  .nonnegative()
  .transform((kr) => Math.round(kr * 100));

/** An account of the region's chart: SIE wants numeric account numbers (SIE 4B, #KONTO). */
const account = z
  .object({
    number: z.string().regex(/^\d{1,10}$/, 'kontonumret ska bestå av siffror'),
    name: z.string().default(''),
  })
  .strict();

/** An object of free-text fields, each empty unless configured. */
function textFields<K extends string>(...keys: K[]) {
  const shape = Object.fromEntries(keys.map((k) => [k, z.string().default('')])) as Record<K, z.ZodDefault<z.ZodString>>;
  const fields = z.object(shape);
  return fields.prefault(Object.fromEntries(keys.map((k) => [k, ''])) as z.input<typeof fields>);
}

export const ConfigSchema = z
  .object({
    region: z
      .object({
        name: z.string().default('Region (namn saknas i konfigurationen)'),
        organisationNumber: z.string().default(''),
        address: textFields('street', 'postalCode', 'city'),
        contact: textFields('name', 'phone', 'email'),
        /** Where applications are signed ("Ort" on the form). */
        place: z.string().default(''),
      })
      .prefault({}),
    /**
     * Schablon per quarter and person registered on the quarter's last day, förordning (1996:1357)
     * 6 §, in kronor. They change by ordinance, hence configuration.
     */
    schablon: z
      .object({
        upTo18Kronor: kronorToOre.prefault(3_740),
        from19To60Kronor: kronorToOre.prefault(4_435),
        from61Kronor: kronorToOre.prefault(5_635),
      })
      .prefault({})
      .transform((k) => ({ upTo18Ore: k.upTo18Kronor, from19To60Ore: k.from19To60Kronor, from61Ore: k.from61Kronor })),
    /** Extra header aliases per canonical column, e.g. { "amount": ["Summa SEK"] }. */
    headerAliases: z
      .record(z.string(), z.array(z.string()))
      .default({})
      .check((ctx) => {
        const unknown = Object.keys(ctx.value).filter((column) => !KNOWN_COLUMNS.has(column));
        if (unknown.length > 0) {
          ctx.issues.push({ code: 'custom', input: ctx.value, message: `okända kolumner: ${unknown.join(', ')} (se SPEC §3.1 och §3.2 för namnen)` });
        }
      }),
    /** Finance (SPEC §8): the unit for lines without one, and how vouchers are booked (SIE). */
    finance: z
      .object({
        /** Care unit that lines without a unit are followed up and booked under. */
        defaultUnit: z.string().trim().min(1).default('Enhet saknas'),
        sie: z
          .object({
            /** Voucher series (#VER serie). */
            series: z
              .string()
              .regex(/^[A-Za-z0-9]{1,10}$/, 'serien ska vara bokstäver eller siffror')
              .default('A'),
            /** The dimension care units are booked on (#DIM; 1 is SIE's kostnadsställe). */
            dimension: z
              .object({ number: z.number().int().min(1).max(9999).default(1), name: z.string().min(1).default('Kostnadsställe') })
              .strict()
              .prefault({}),
            /** The ledger's object number per care unit; a unit not listed is booked under its own name. */
            unitObjects: z.record(z.string(), z.string().trim().min(1)).default({}),
            /** The region's own accounts; no defaults: bookkeeping needs the region's chart. */
            accounts: z
              .object({
                bank: account,
                receivable: account,
                income: z.object({ kostnadskravande: account, varaktig: account }).strict(),
                schablonReceivable: account,
                schablonIncome: account,
              })
              .strict()
              .optional(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    /** Key for claim ids (HMAC). Set a secret of the region's own so ids reveal nothing. */
    claimIdKey: z.string().min(1).default('claims-default-key'),
  })
  .strict();

export type Config = z.output<typeof ConfigSchema>;

export function defaultConfig(): Config {
  return ConfigSchema.parse({});
}

export class ConfigError extends Error {}

export function loadConfig(path: string | undefined): Config {
  if (!path) return defaultConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path}: kan inte läsa konfigurationen (${(err as Error).message})`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${path}: fältet ${issue.path.join('.') || '(roten)'}: ${issue.message}`);
  }
  return parsed.data;
}
