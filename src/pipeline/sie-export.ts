// `claims export sie`: the claims' events of a period as SIE 4I vouchers (SPEC §8). An event
// exported before is left out; `again` writes the vouchers exported before for the period, with
// the same numbers and texts. The file is written through a temporary file and the export is
// recorded in the same step, so a failed export leaves neither.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { quarterEnd } from '../domain/dates.js';
import type { IsoDate } from '../domain/types.js';
import { type ClaimEvent } from '../finance/claim-events.js';
import { type SieHeader, type SieTrans, encodeSie, fitsCp437, sieText, voucherText } from '../finance/sie.js';
import { decodeWeights } from '../finance/unit-cells.js';
import { quartersBetween } from '../finance/units-report.js';
import { type Accounts, type ClaimForVoucher, type VoucherDraft, claimEventVoucher, compareDrafts, schablonVoucher } from '../finance/vouchers.js';
import { expectedSchablon } from '../rules/schablon.js';
import type { Rule } from '../domain/types.js';
import { eventsBetween, eventsByClaim } from '../store/claim-events.js';
import type { Db } from '../store/db.js';
import { registeredPersons } from '../store/persons.js';
import {
  type StoredVoucher,
  exportedKeysBetween,
  nextExportNumber,
  nextVoucherNumber,
  recordExport,
  storedVouchersBetween,
} from '../store/sie-exports.js';
import { claimsWithEvents } from '../store/unit-fates.js';
import { withAtomicFile } from '../util/atomic-file.js';
import { ensureUnitFigures } from './units.js';
import { packageInfo } from '../util/package-info.js';

/** The configuration lacks what bookkeeping needs. */
export class SieConfigError extends Error {}

export interface SieExportOptions {
  from: IsoDate;
  to: IsoDate;
  again: boolean;
  /** The file to write; default DIR/sie/verifikationer-<n>-<from>-<to>.si. */
  out?: string;
  outDir: string;
  config: Config;
  /** The day of the export (#GEN, and #VER regdatum of new vouchers). */
  exportDate: IsoDate;
}

export interface SieExportResult {
  /** Null when there was nothing to write. */
  file: string | null;
  vouchers: number;
  /** Events of the period exported before (left out), or with --again: not exported yet. */
  leftOut: number;
  /** Unit names that code page 437 cannot hold as they are (written with `?`). */
  unitsNotInCp437: string[];
}

/** Every event of the period as a voucher draft (those that book nothing left out). */
function drafts(db: Db, opts: SieExportOptions, accounts: Accounts): VoucherDraft[] {
  const defaultUnit = opts.config.finance.defaultUnit;
  const out: VoucherDraft[] = [];
  const events = eventsBetween(db, opts.from, opts.to);
  if (events.length > 0) {
    const claims = new Map<string, ClaimForVoucher>();
    for (const r of claimsWithEvents(db)) {
      const own = decodeWeights(r.weights);
      claims.set(r.id, {
        id: r.id,
        personId: r.personId,
        periodStart: r.periodStart,
        rule: r.rule as Rule,
        claimOre: r.claimOre,
        weights: own && own.length > 0 ? own : decodeWeights(r.originalWeights),
      });
    }
    const all = eventsByClaim(db);
    for (const e of events) {
      const claim = claims.get(e.claimId);
      if (!claim) continue;
      const history = all.get(e.claimId) ?? [];
      const earlier: ClaimEvent[] = history.slice(
        0,
        Math.max(
          0,
          history.findIndex((h) => h.id === e.id),
        ),
      );
      const d = claimEventVoucher(claim, e, earlier, accounts, defaultUnit);
      if (d) out.push(d);
    }
  }
  // Expected schablon for the quarters that ended within the period, by the export day.
  const quarters = quartersBetween(opts.from, opts.to).filter(
    (q) => quarterEnd(q) >= opts.from && quarterEnd(q) <= opts.to && quarterEnd(q) <= opts.exportDate,
  );
  if (quarters.length > 0) {
    const persons = registeredPersons(db);
    for (const q of expectedSchablon(persons, quarters, opts.config.schablon)) {
      const d = schablonVoucher(q.quarter, q.lastDay, q.totalOre, accounts, defaultUnit);
      if (d) out.push(d);
    }
  }
  return out.sort(compareDrafts);
}

function accountNames(accounts: Accounts): Map<string, string> {
  const names = new Map<string, string>();
  for (const a of [
    accounts.bank,
    accounts.receivable,
    accounts.income.kostnadskravande,
    accounts.income.varaktig,
    accounts.schablonReceivable,
    accounts.schablonIncome,
  ]) {
    if (!names.has(a.number)) names.set(a.number, a.name);
  }
  return names;
}

function header(opts: SieExportOptions, vouchers: readonly StoredVoucher[], again: boolean): SieHeader {
  const { dimension } = opts.config.finance.sie;
  const accounts = new Map<string, string>();
  const objects = new Map<string, { dimension: number; id: string; name: string }>();
  for (const v of vouchers) {
    for (const [number, name] of v.accounts) if (!accounts.has(number)) accounts.set(number, name);
    for (const [dim, id, name] of v.objects) if (!objects.has(`${dim}\u0000${id}`)) objects.set(`${dim}\u0000${id}`, { dimension: dim, id, name });
  }
  const dims = [...new Set([...objects.values()].map((o) => o.dimension))].sort((a, b) => a - b);
  const program = packageInfo();
  return {
    program,
    generated: opts.exportDate,
    prosa: `Verifikationer från ${program.name} ${opts.from} - ${opts.to}${again ? ', samma verifikationer igen' : ''}`,
    organisationNumber: opts.config.region.organisationNumber,
    companyName: opts.config.region.name,
    accounts: [...accounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([number, name]) => ({ number, name })),
    dimensions: dims.map((n) => ({ number: n, name: n === dimension.number ? dimension.name : `Dimension ${n}` })),
    objects: [...objects.values()].sort((a, b) => a.dimension - b.dimension || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

async function writeFile(path: string, head: SieHeader, vouchers: readonly StoredVoucher[], record: () => void): Promise<void> {
  const bytes = encodeSie(
    sieText(
      head,
      vouchers.map((v) => v.body),
    ),
  );
  await withAtomicFile(path, async (tmp) => {
    writeFileSync(tmp, bytes);
    record();
  });
}

export async function exportSie(db: Db, opts: SieExportOptions): Promise<SieExportResult> {
  const sie = opts.config.finance.sie;
  const accounts = sie.accounts;
  if (!accounts) {
    throw new SieConfigError(
      'konfigurationen saknar finance.sie.accounts (regionens konton för fordran, intäkt, bank och schablon): se data/config.example.json',
    );
  }
  // The vouchers' unit rows share by the claims' weights: up to date first.
  await ensureUnitFigures(db);
  const exported = exportedKeysBetween(db, opts.from, opts.to);
  const all = drafts(db, opts, accounts);
  const path = (n: number) => opts.out ?? join(opts.outDir, 'sie', `verifikationer-${n}-${opts.from}-${opts.to}.si`);

  if (opts.again) {
    const stored = storedVouchersBetween(db, opts.from, opts.to);
    const leftOut = all.filter((d) => !exported.has(d.eventKey)).length;
    if (stored.length === 0) return { file: null, vouchers: 0, leftOut, unitsNotInCp437: [] };
    const file = path(nextExportNumber(db));
    await writeFile(file, header(opts, stored, true), stored, () =>
      recordExport(db, { from: opts.from, to: opts.to, generatedOn: opts.exportDate, again: true, file, vouchers: [], count: stored.length }),
    );
    return { file, vouchers: stored.length, leftOut, unitsNotInCp437: [] };
  }

  const fresh = all.filter((d) => !exported.has(d.eventKey));
  if (fresh.length === 0) return { file: null, vouchers: 0, leftOut: exported.size, unitsNotInCp437: [] };
  const names = accountNames(accounts);
  const objectOf = (unit: string) => sie.unitObjects[unit] ?? unit;
  let number = nextVoucherNumber(db, sie.series);
  const units = new Set<string>();
  const vouchers: StoredVoucher[] = fresh.map((d) => {
    const trans: SieTrans[] = d.rows.map((r) => ({
      account: r.account,
      object: r.unit === null ? null : { dimension: sie.dimension.number, id: objectOf(r.unit) },
      amountOre: r.amountOre,
    }));
    const body = voucherText({ series: sie.series, number, date: d.date, text: d.text, registered: opts.exportDate, trans });
    const used = [...new Set(d.rows.map((r) => r.unit).filter((u): u is string => u !== null))];
    for (const u of used) units.add(u);
    return {
      eventKey: d.eventKey,
      series: sie.series,
      number: number++,
      date: d.date,
      body,
      accounts: [...new Set(d.rows.map((r) => r.account))].map((a): [string, string] => [a, names.get(a) ?? '']),
      objects: used.map((u): [number, string, string] => [sie.dimension.number, objectOf(u), u]),
    };
  });
  const file = path(nextExportNumber(db));
  await writeFile(file, header(opts, vouchers, false), vouchers, () =>
    recordExport(db, { from: opts.from, to: opts.to, generatedOn: opts.exportDate, again: false, file, vouchers, count: vouchers.length }),
  );
  return {
    file,
    vouchers: vouchers.length,
    leftOut: exported.size,
    unitsNotInCp437: [...units].filter((u) => !fitsCp437(u) || !fitsCp437(objectOf(u))),
  };
}
