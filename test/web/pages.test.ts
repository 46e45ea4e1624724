// The pages' content over inject: the claims list (filters, deadline order and marks), the
// overview figures, a batch's rejected rows (masked), the admin's user changes and the audit CSV,
// and the security headers.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForBatch } from '../../src/queue/index.js';
import { saveEvaluations } from '../../src/store/claims.js';
import { claim, result } from '../helpers/builders.js';
import { Jar, PASSWORD, USERS, apiSignIn, exampleFiles, formToken, multipart, postForm, runBatch, webFixture, type WebFixture } from './support.js';

const COST_HEADER = 'Personnummer;Vårdkontakt;Datum;Belopp;Kostnadstyp;Vårdkategori;Vårdform;Patientavgift;Diagnos;Ordinerad av läkare;Vårdenhet';

let f: WebFixture;
const officer = new Jar();
const finance = new Jar();
const admin = new Jar();
let officerCsrf = '';

beforeAll(async () => {
  f = await webFixture();
  officerCsrf = (await apiSignIn(f.app, officer, USERS.handläggare)).csrf;
  await apiSignIn(f.app, finance, USERS.ekonomi);
  await apiSignIn(f.app, admin, USERS.admin);
  seedClaims();
});
afterAll(async () => {
  await f?.close();
});

/** Five claims of one person (today is 2025-11-01 in webFixture); a batch's evaluation replaces them. */
function seedClaims(): void {
  f.db.exec("DELETE FROM claim_events WHERE claim_id LIKE '%-00000000000000%'; DELETE FROM claims WHERE person_id = '19850101-0006'");
  saveEvaluations(f.db, [
    result('19850101-0006', [
      claim({
        id: 'KV-000000000000000A',
        deadline: '2025-10-31',
        claimOre: 10_000_00,
        quarter: '2024Q3',
        periodStart: '2024-08-01',
        periodEnd: '2024-08-02',
      }),
      claim({
        id: 'KV-000000000000000B',
        deadline: '2025-11-20',
        claimOre: 20_000_00,
        quarter: '2024Q4',
        periodStart: '2024-11-01',
        periodEnd: '2024-11-02',
      }),
      claim({ id: 'KV-000000000000000C', deadline: '2026-06-30', claimOre: 30_000_00, status: 'waiting' }),
      claim({
        id: 'VV-000000000000000D',
        rule: 'varaktig',
        contactId: null,
        quarter: null,
        deadline: '2026-03-31',
        claimOre: 40_000_00,
        status: 'needs_assessment',
        periodStart: '2025-04-15',
        periodEnd: '2026-04-14',
      }),
      claim({
        id: 'KV-000000000000000E',
        deadline: '2025-06-30',
        claimOre: 5_000_00,
        status: 'expired',
        quarter: '2024Q2',
        periodStart: '2024-05-01',
        periodEnd: '2024-05-01',
      }),
    ]),
  ]);
}

const ids = (body: string) => [...body.matchAll(/<a href="\/ansokningar\/((?:KV|VV)-[0-9A-F]{16})">/g)].map((m) => m[1]);

describe('Ansökningar', () => {
  it('lists by deadline and marks overdue and near deadlines', async () => {
    const res = await f.app.inject({ url: '/ansokningar', headers: finance.header() });
    expect(ids(res.body)).toEqual([
      'KV-000000000000000E',
      'KV-000000000000000A',
      'KV-000000000000000B',
      'VV-000000000000000D',
      'KV-000000000000000C',
    ]);
    expect(res.body.match(/<tr class="row-overdue">/g)?.length).toBe(1);
    expect(res.body).toContain('<span class="tag tag-warning">19 dagar kvar</span>');
    // ekonomi does not mark claims submitted: no checkboxes and no form for it.
    expect(res.body).not.toContain('name="ids"');
  });

  it('filters by status, rule, quarter and days to the deadline', async () => {
    const list = async (q: string) => ids((await f.app.inject({ url: `/ansokningar?${q}`, headers: officer.header() })).body);
    expect(await list('status=ready')).toEqual(['KV-000000000000000A', 'KV-000000000000000B']);
    expect(await list('rule=varaktig')).toEqual(['VV-000000000000000D']);
    expect(await list('quarter=2024Q4')).toEqual(['KV-000000000000000B']);
    expect(await list('quarter=2025Q2')).toEqual(['VV-000000000000000D']);
    expect(await list('within=30&status=')).toEqual(['KV-000000000000000E', 'KV-000000000000000A', 'KV-000000000000000B']);
    const bad = await f.app.inject({ url: '/ansokningar?status=nonsense', headers: officer.header() });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
  });

  it('refuses to mark a claim that is not ready, and says why', async () => {
    const res = await postForm(f.app, officer, '/ansokningar/markera', {
      _csrf: await formToken(f.app, officer, '/ansokningar'),
      ids: ['KV-000000000000000C', 'KV-000000000000000A'],
      date: '2025-11-01',
    });
    expect(res.body).toContain('1 ansökningar är markerade som inskickade 2025-11-01');
    expect(res.body).toContain('KV-000000000000000C: bara en ansökan med status ready kan markeras som inskickad');
    const none = await postForm(f.app, officer, '/ansokningar/markera', {
      _csrf: await formToken(f.app, officer, '/ansokningar'),
      date: '2025-11-01',
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Välj minst en ansökan.');
  });
});

describe('Översikt', () => {
  it('shows the money per status, what the deadlines cost this year, and a chart with a table', async () => {
    const res = await f.app.inject({ url: '/', headers: admin.header() });
    const figure = (key: string) => res.body.match(new RegExp(`figure-${key}">[\\s\\S]*?figure-value">([^<]+)<`))?.[1];
    expect(figure('waiting')).toBe('30 000,00 kr');
    expect(figure('needs_assessment')).toBe('40 000,00 kr');
    expect(figure('expired')).toBe('5 000,00 kr');
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('<caption>Ansökt belopp per kvartal och status</caption>');
    // admin sees amounts and ids, but no links into the claims.
    expect(res.body).not.toContain('href="/ansokningar/');
  });
});

describe('Batch', () => {
  it('lists the rejected rows with masked values and Swedish reasons', async () => {
    const csv = `${COST_HEADER}\n19881111-1016;S-1;2025-05-06;100,00;vård;akut;primärvård;0;;ja;Vc\n19881111-1015;S-1;2025-13-06;100,00;vård;akut;primärvård;0;;ja;Vc\n`;
    const batchId = await runBatch(f, officer, officerCsrf, [{ name: 'fel.csv', bytes: Buffer.from(csv) }], '2025-11-01');
    const page = await f.app.inject({ url: `/batcher/${batchId}`, headers: officer.header() });
    expect(page.body).toContain('Avvisade rader');
    expect(page.body).toContain('19881111-****');
    expect(page.body).toContain('kontrollsiffran stämmer inte');
    expect(page.body).not.toContain('19881111-1016');
    const xlsx = await f.app.inject({ url: `/batcher/${batchId}/avvisade.xlsx`, headers: officer.header() });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain('19881111-****');
    expect(values.join(' ')).not.toContain('19881111-1016');
    const api = (await f.app.inject({ url: `/api/batches/${batchId}`, headers: officer.header() })).json() as {
      status: string;
      progress: number;
      summary: { rejectedRows: number };
    };
    expect(api).toMatchObject({ status: 'done', progress: 1, summary: { rejectedRows: 2 } });
  });

  it('lists the claims the batch created or changed, and says when it touched none', async () => {
    const own = await webFixture();
    try {
      const jar = new Jar();
      const { csrf } = await apiSignIn(own.app, jar, USERS.handläggare);
      let lastBatch = '';
      const run = async (files: { name: string; bytes: Buffer }[], asOf: string) => {
        lastBatch = await runBatch(own, jar, csrf, files, asOf);
        return (await own.app.inject({ url: `/batcher/${lastBatch}`, headers: jar.header() })).body;
      };
      const rowsOf = (html: string) =>
        [...html.matchAll(/<tr[^>]*>\s*<td>(Ny|Ändrad|Borttagen)<\/td>[\s\S]*?<a href="\/ansokningar\/([^"]+)">/g)].map((m) => [m[1], m[2]]);
      const files = exampleFiles('ex01_kostnadskravande');
      const first = await run(files, '2025-11-01');
      expect(first).toContain('2 nya, 0 ändrade och 0 borttagna ansökningar');
      const created = rowsOf(first);
      expect(created.map(([change]) => change)).toEqual(['Ny', 'Ny']);
      expect(first).toContain('19881111-****');
      expect(first).not.toContain('19881111-1015');
      // The same bytes add nothing; a later as-of date expires both claims (deadline 2026-06-30).
      const again = await run([files[1]!], '2025-11-01');
      expect(again).toContain('Batchen skapade, ändrade eller tog bort inga ansökningar.');
      const later = await run([files[1]!], '2026-08-01');
      expect(rowsOf(later)).toEqual(created.map(([, id]) => ['Ändrad', id]));
      expect(later).toContain('Frist passerad');
      const api = (await own.app.inject({ url: `/api/batches/${lastBatch}`, headers: jar.header() })).json() as { claimChanges: unknown };
      expect(api.claimChanges).toEqual({ created: 0, changed: 2, removed: 0 });
    } finally {
      await own.close();
    }
  });

  it('takes a file far larger than the JSON body limit', async () => {
    const big = await webFixture();
    try {
      const jar = new Jar();
      const { csrf } = await apiSignIn(big.app, jar, USERS.handläggare);
      const line = '19881111-1015;S-1;2025-05-06;100,00;vård;akut;primärvård;0;;ja;Vc\n';
      const body = multipart([{ name: 'stor.csv', bytes: Buffer.from(`${COST_HEADER}\n${line.repeat(20_000)}`) }]);
      expect(body.payload.length).toBeGreaterThan(1024 * 1024);
      const res = await big.app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: { ...jar.header(), ...body.headers, 'x-csrf-token': csrf },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(200);
      const batch = await waitForBatch(big.db, (res.json() as { batchId: string }).batchId, { timeoutMs: 60_000, pollMs: 50 });
      expect(batch.files[0]!.result).toMatchObject({ rows: 20_000, accepted: 20_000 });
    } finally {
      await big.close();
    }
  });

  it('refuses an upload whose files together are too large', async () => {
    const small = await webFixture({ maxUploadBytes: 1000 });
    try {
      const jar = new Jar();
      const { csrf } = await apiSignIn(small.app, jar, USERS.handläggare);
      const file = (n: number) => ({ name: `k${n}.csv`, bytes: Buffer.from(`${COST_HEADER}\n${'x'.repeat(700)}\n`) });
      const body = multipart([1, 2, 3, 4, 5, 6].map(file));
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: { ...jar.header(), ...body.headers, 'x-csrf-token': csrf },
        payload: body.payload,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ error: 'Filerna är tillsammans större än 3 KiB.' });
    } finally {
      await small.close();
    }
  });
});

describe('Användare', () => {
  const token = () => formToken(f.app, admin, '/anvandare');

  it('a new role takes effect at once: the user’s sessions end', async () => {
    const jar = new Jar();
    await apiSignIn(f.app, jar, USERS.ekonomi);
    expect((await postForm(f.app, admin, `/anvandare/${USERS.ekonomi}/roll`, { _csrf: await token(), role: 'handläggare' })).statusCode).toBe(200);
    expect((await f.app.inject({ url: '/api/claims', headers: jar.header() })).statusCode).toBe(401);
    await apiSignIn(f.app, jar, USERS.ekonomi);
    expect((await f.app.inject({ url: '/ladda-upp', headers: jar.header() })).statusCode).toBe(200);
    await postForm(f.app, admin, `/anvandare/${USERS.ekonomi}/roll`, { _csrf: await token(), role: 'ekonomi' });
    await apiSignIn(f.app, finance, USERS.ekonomi);
  });

  it('resets a password (the old one stops working) and refuses a short one', async () => {
    const short = await postForm(f.app, admin, `/anvandare/${USERS.handläggare}/losenord`, { _csrf: await token(), password: 'kort' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('minst 12 tecken');
    const next = 'ett helt nytt lösenord';
    expect((await postForm(f.app, admin, `/anvandare/${USERS.handläggare}/losenord`, { _csrf: await token(), password: next })).statusCode).toBe(200);
    expect((await apiSignIn(f.app, new Jar(), USERS.handläggare)).status).toBe(401);
    expect((await apiSignIn(f.app, new Jar(), USERS.handläggare, next)).status).toBe(200);
    await postForm(f.app, admin, `/anvandare/${USERS.handläggare}/losenord`, { _csrf: await token(), password: PASSWORD });
    officerCsrf = (await apiSignIn(f.app, officer, USERS.handläggare)).csrf;
  });

  it('an admin cannot disable themself; a name that is not a user’s is refused', async () => {
    const self = await postForm(f.app, admin, `/anvandare/${USERS.admin}/avstangning`, { _csrf: await token(), disabled: 'ja' });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('Du kan inte stänga av dig själv.');
    const dup = await postForm(f.app, admin, '/anvandare', { _csrf: await token(), name: USERS.ekonomi, role: 'admin', password: PASSWORD });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain(`Det finns redan en användare som heter ${USERS.ekonomi}.`);
  });

  it('the audit log exports as CSV with every change, formulas defused', async () => {
    await apiSignIn(f.app, new Jar(), '=HYPERLINK("x")', 'fel');
    const csv = await f.app.inject({ url: '/granskningslogg.csv', headers: admin.header() });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFtid;användare;händelse;objekt;utfall');
    expect(csv.body).toContain(`;${USERS.admin};roll ändrad till handläggare;${USERS.ekonomi};ok`);
    expect(csv.body).toContain(`;${USERS.admin};lösenord återställt;${USERS.handläggare};ok`);
    expect(csv.body).toMatch(/;;inloggning;;refused/);
    expect(csv.body).not.toContain('=HYPERLINK');
  });
});

describe('security headers', () => {
  it('a strict CSP (nothing inline), no referrer, no framing', async () => {
    const res = await f.app.inject({ url: '/logga-in' });
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<script>|<script [^>]*>[^<]|style="/);
  });

  it('cookies are Secure, with HSTS, when served over https', async () => {
    const https = await webFixture({ secureCookies: true });
    try {
      const res = await https.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.admin, password: PASSWORD } });
      expect(res.cookies.find((c) => c.name === 'claims_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(
        (await f.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.admin, password: PASSWORD } })).cookies[0]?.secure,
      ).toBeFalsy();
    } finally {
      await https.close();
    }
  });
});

describe('Frister and the calendar feed', () => {
  beforeAll(seedClaims);

  const feedOf = async (jar: Jar) => {
    const res = await postForm(f.app, jar, '/frister/kalender', { _csrf: await formToken(f.app, jar, '/frister') });
    expect(res.statusCode).toBe(200);
    return new URL(res.body.match(/id="feed-url" type="text" readonly value="([^"]+)"/)![1]!).pathname;
  };

  it('lists the open claims by deadline', async () => {
    const res = await f.app.inject({ url: '/frister', headers: finance.header() });
    expect(ids(res.body)).toEqual(['KV-000000000000000A', 'KV-000000000000000B', 'VV-000000000000000D', 'KV-000000000000000C']);
  });

  it('a secret feed of all-day events with id, rule and amount; a new link replaces the old; revoking ends it', async () => {
    const first = await feedOf(finance);
    const ics = await f.app.inject({ url: first });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(ics.body).toContain('BEGIN:VCALENDAR\r\n');
    expect(ics.body).toContain('DTSTART;VALUE=DATE:20260331\r\nDTEND;VALUE=DATE:20260401\r\n');
    expect(ics.body).toContain('SUMMARY:Frist VV-000000000000000D: Varaktig vård\\, 40 000\\,00 kr\r\n');
    expect(ics.body.match(/BEGIN:VEVENT/g)?.length).toBe(4);
    expect(ics.body).not.toContain('19850101');
    const second = await feedOf(finance);
    expect(second).not.toBe(first);
    expect((await f.app.inject({ url: first })).statusCode).toBe(404);
    expect((await f.app.inject({ url: second })).statusCode).toBe(200);
    await postForm(f.app, finance, '/frister/kalender/aterkalla', { _csrf: await formToken(f.app, finance, '/frister') });
    expect((await f.app.inject({ url: second })).statusCode).toBe(404);
    // Neither the feed's secret nor its URL reaches the log.
    expect(f.logs()).not.toContain(second.slice(10, 40));
  });
});

describe('Ekonomi', () => {
  beforeAll(async () => {
    seedClaims();
    await postForm(f.app, officer, '/ansokningar/markera', {
      _csrf: await formToken(f.app, officer, '/ansokningar'),
      ids: ['KV-000000000000000A', 'KV-000000000000000B'],
      date: '2025-11-01',
    });
  });
  const pay = async (total: string, a: string, b: string) =>
    postForm(f.app, finance, '/ekonomi/utbetalning', {
      _csrf: await formToken(f.app, finance, '/ekonomi'),
      date: '2025-12-01',
      reference: 'MV-4711',
      total,
      claim: ['KV-000000000000000A', 'KV-000000000000000B'],
      amount: [a, b],
    });

  it('a payment must be allocated to the last öre, over submitted claims only', async () => {
    const short = await pay('30 000,00', '10 000', '15 000,00');
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Fördelat 25 000,00 kr av 30 000,00 kr: kvar att fördela 5 000,00 kr.');
    // What was typed stays in the form.
    expect(short.body).toContain('value="15 000,00"');
    const notSubmitted = await postForm(f.app, finance, '/ekonomi/utbetalning', {
      _csrf: await formToken(f.app, finance, '/ekonomi'),
      date: '2025-12-01',
      total: '100',
      claim: ['KV-000000000000000C'],
      amount: ['100'],
    });
    expect(notSubmitted.body).toContain('KV-000000000000000C är inte inskickad.');
    expect(f.db.prepare("SELECT COUNT(*) FROM claim_events WHERE kind = 'payment'").pluck().get()).toBe(0);
  });

  it('records the allocated payment on each claim, then a rejection of what is left', async () => {
    const ok = await pay('25 000,00', '10 000', '15 000,00');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Utbetalningen på 25 000,00 kr är registrerad på 2 ansökningar.');
    const row = (id: string) => f.db.prepare('SELECT status, paid_ore, rejected_reason FROM claims WHERE id = ?').get(id);
    expect(row('KV-000000000000000A')).toEqual({ status: 'paid', paid_ore: 10_000_00, rejected_reason: null });
    expect(row('KV-000000000000000B')).toEqual({ status: 'paid', paid_ore: 15_000_00, rejected_reason: null });
    expect(f.db.prepare("SELECT DISTINCT source || ' ' || reference FROM claim_events WHERE kind = 'payment'").pluck().all()).toEqual([
      `webb:${USERS.ekonomi} MV-4711`,
    ]);
    const rej = await postForm(f.app, finance, '/ekonomi/avslag', {
      _csrf: await formToken(f.app, finance, '/ekonomi'),
      claim: 'KV-000000000000000B',
      reason: 'Vården kunde anstå',
      date: '2025-12-05',
    });
    expect(rej.body).toContain('Avslaget för KV-000000000000000B är registrerat.');
    expect(row('KV-000000000000000B')).toEqual({ status: 'rejected', paid_ore: 15_000_00, rejected_reason: 'Vården kunde anstå' });
    expect(f.db.prepare("SELECT amount_ore FROM claim_events WHERE kind = 'rejection'").pluck().get()).toBe(5_000_00);
    const missing = await postForm(f.app, finance, '/ekonomi/avslag', {
      _csrf: await formToken(f.app, finance, '/ekonomi'),
      claim: '',
      reason: '',
      date: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#rej-reason"');
  });
});

describe('Rapporter', () => {
  it('orders a year’s reports through the queue, lists the run, and serves its files from the stored run only', async () => {
    const res = await postForm(f.app, admin, '/rapporter', { _csrf: await formToken(f.app, admin, '/rapporter'), year: '2025' });
    expect(res.body).toContain('Rapporterna för 2025 tas fram.');
    const deadline = Date.now() + 60_000;
    let done: { id: number } | undefined;
    while (!done && Date.now() < deadline) {
      done = f.db.prepare("SELECT id FROM scheduled_runs WHERE job = 'reports' AND status = 'done'").get() as { id: number } | undefined;
      if (!done) await new Promise((r) => setTimeout(r, 100));
    }
    expect(done).toBeDefined();
    const page = await f.app.inject({ url: '/rapporter', headers: finance.header() });
    const links = [...page.body.matchAll(/href="(\/rapporter\/\d+\/\d+)">([^<]+)</g)].map((m) => [m[1]!, m[2]!]);
    expect(links.map(([, name]) => name).sort()).toEqual(['skr.pdf', 'skr.xlsx', 'socialstyrelsen.pdf', 'socialstyrelsen.xlsx']);
    const pdf = links.find(([, name]) => name === 'skr.pdf')![0];
    const file = await f.app.inject({ url: pdf, headers: finance.header() });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // A run whose stored path leads outside out/reports is not served.
    const evil = f.db
      .prepare(
        "INSERT INTO scheduled_runs (job, run_key, started_at, finished_at, status, result) VALUES ('reports', 'x', '2025-01-01', '2025-01-01', 'done', ?)",
      )
      .run(JSON.stringify({ year: 2024, files: [`${f.outDir}/reports/../../claims.db`, '/etc/passwd'] })).lastInsertRowid;
    for (const url of [`/rapporter/${evil}/0`, `/rapporter/${evil}/1`, `/rapporter/${done!.id}/99`, '/rapporter/x/0']) {
      expect((await f.app.inject({ url, headers: finance.header() })).statusCode, url).toBe(404);
    }
    const future = await postForm(f.app, admin, '/rapporter', { _csrf: await formToken(f.app, admin, '/rapporter'), year: '2030' });
    expect(future.statusCode).toBe(400);
  });
});
