// The web application over inject: every route for anonymous visitors and each role, CSRF,
// sign-in (wrong password, rate limit, a new session id, a disabled user), uploads that must be
// refused, the document download (path traversal), and papperslösa on no page or API answer.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../documents/pdf-tools.js';
import { waitForBatch } from '../../src/queue/index.js';
import { saveEvaluations } from '../../src/store/claims.js';
import { emptyFates } from '../../src/domain/types.js';
import { claim as claimOf } from '../helpers/builders.js';
import type { Role } from '../../src/store/users.js';
import { Jar, PASSWORD, USERS, apiSignIn, exampleFiles, formToken, multipart, postForm, webFixture, type WebFixture } from './support.js';

const PAPPERSLOS_ID = '19900101-2302';
const PERSON_HEADER = 'Personnummer;Grupp;Dossiernummer;LMA från;LMA till;Kommunmottagen;Varaktigt vårdbehov;Samband;Grundsjukdom';
const COST_HEADER = 'Personnummer;Vårdkontakt;Datum;Belopp;Kostnadstyp;Vårdkategori;Vårdform;Patientavgift;Diagnos;Ordinerad av läkare;Vårdenhet';
const papperslosFiles = [
  { name: 'papperslos-personer.csv', bytes: Buffer.from(`${PERSON_HEADER}\n${PAPPERSLOS_ID};papperslös;;;;;;;\n`) },
  {
    name: 'papperslos-kostnader.csv',
    bytes: Buffer.from(`${COST_HEADER}\n${PAPPERSLOS_ID};P-1;2025-02-03;250 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin\n`),
  },
];

let f: WebFixture;
let batchId: string;
let claimId: string;
const jars = {} as Record<Role, Jar> & { anonymous: Jar };
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  f = await webFixture();
  jars.anonymous = new Jar();
  for (const role of ['handläggare', 'ekonomi', 'admin'] as const) {
    jars[role] = new Jar();
    const { status, csrf } = await apiSignIn(f.app, jars[role], USERS[role]);
    expect(status).toBe(200);
    tokens[role] = csrf;
  }
  const body = multipart([...exampleFiles('ex01_kostnadskravande'), ...papperslosFiles], { asOf: '2025-11-01' });
  const res = await f.app.inject({
    method: 'POST',
    url: '/api/batches',
    headers: { ...jars.handläggare.header(), ...body.headers, 'x-csrf-token': tokens.handläggare },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(200);
  batchId = (res.json() as { batchId: string }).batchId;
  const batch = await waitForBatch(f.db, batchId, { timeoutMs: 60_000, pollMs: 50 });
  expect(batch.status, batch.error ?? '').toBe('done');
  const claims = (await f.app.inject({ url: '/api/claims', headers: jars.ekonomi.header() })).json() as {
    claims: { id: string; document: string | null }[];
  };
  claimId = claims.claims.find((c) => c.document !== null)!.id;
  // A claim of the papperslös person as a faulty evaluation could have left it: it must stay hidden.
  saveEvaluations(f.db, [
    {
      personKey: PAPPERSLOS_ID,
      inputStamp: 's',
      fates: emptyFates(),
      claims: [claimOf({ id: 'KV-0000000000000001', personId: PAPPERSLOS_ID, status: 'ready' })],
    },
  ]);
});
afterAll(async () => {
  await f?.close();
});

type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', 'handläggare', 'ekonomi', 'admin'];

function get(url: string, who: Who) {
  return f.app.inject({ url, headers: jars[who].header() });
}

describe('the route × role matrix', () => {
  // [url, anonymous, handläggare, ekonomi, admin]
  const pages: [string, number, number, number, number][] = [
    ['/', 302, 200, 200, 200],
    ['/logga-in', 200, 303, 303, 303],
    ['/ladda-upp', 302, 200, 403, 403],
    ['/batcher/:batch', 302, 200, 403, 403],
    ['/batcher/:batch/avvisade.xlsx', 302, 200, 403, 403],
    ['/ansokningar', 302, 200, 200, 403],
    ['/ansokningar?status=ready&rule=kostnadskravande&quarter=2025Q2&within=400', 302, 200, 200, 403],
    ['/ansokningar/:claim', 302, 200, 200, 403],
    ['/ansokningar/:claim/dokument', 302, 200, 200, 403],
    ['/frister', 302, 200, 200, 403],
    ['/ekonomi', 302, 403, 200, 403],
    ['/ekonomi/sammanstallning.pdf', 302, 403, 200, 403],
    ['/ekonomi/sammanstallning.xlsx', 302, 403, 200, 403],
    ['/ekonomi/sammanstallning.exe', 302, 403, 404, 403],
    ['/rapporter', 302, 403, 200, 200],
    ['/kalender/not-a-feed.ics', 404, 404, 404, 404],
    ['/anvandare', 302, 403, 403, 200],
    ['/granskningslogg', 302, 403, 403, 200],
    ['/granskningslogg.csv', 302, 403, 403, 200],
    ['/ko', 302, 403, 403, 200],
    ['/api/claims', 401, 200, 200, 403],
    ['/api/claims/:claim/document', 401, 200, 200, 403],
    ['/api/batches/:batch', 401, 200, 403, 403],
    ['/api/nothing-here', 401, 404, 404, 404],
    ['/static/site.css', 200, 200, 200, 200],
  ];
  const fill = (url: string) => url.replace(':batch', batchId).replace(':claim', claimId);
  for (const [url, ...expected] of pages) {
    it(`GET ${url}`, async () => {
      const got = [];
      for (const who of WHO) got.push((await get(fill(url), who)).statusCode);
      expect(got).toEqual(expected);
    });
  }

  it('an anonymous visitor is sent to the sign-in page', async () => {
    expect((await get('/ansokningar', 'anonymous')).headers.location).toBe('/logga-in');
  });

  // Form posts: anonymous → sign-in page, a wrong role → 403 before anything is read.
  const posts: [string, Role[]][] = [
    ['/ladda-upp', ['handläggare']],
    ['/ladda-upp/las-in', ['handläggare']],
    ['/ansokningar/markera', ['handläggare']],
    ['/ansokningar/VV-0000000000000000/bedomning', ['handläggare']],
    ['/frister/kalender', ['handläggare', 'ekonomi']],
    ['/ekonomi/utbetalning', ['ekonomi']],
    ['/ekonomi/avslag', ['ekonomi']],
    ['/ekonomi/forsandelse.zip', ['ekonomi']],
    ['/ekonomi/forsandelse/bekrafta', ['ekonomi']],
    ['/rapporter', ['ekonomi', 'admin']],
    ['/frister/kalender/aterkalla', ['handläggare', 'ekonomi']],
    ['/anvandare', ['admin']],
    ['/anvandare/hanna/roll', ['admin']],
    ['/anvandare/hanna/losenord', ['admin']],
    ['/anvandare/hanna/avstangning', ['admin']],
    ['/logga-ut', ['handläggare', 'ekonomi', 'admin']],
  ];
  for (const [url, allowed] of posts) {
    it(`POST ${url} is for ${allowed.join(', ')}`, async () => {
      expect((await postForm(f.app, new Jar(), url, {})).statusCode).toBe(302);
      for (const role of ['handläggare', 'ekonomi', 'admin'] as const) {
        if (allowed.includes(role)) continue;
        expect((await postForm(f.app, jars[role], url, { _csrf: tokens[role] })).statusCode, role).toBe(403);
      }
    });
  }

  it('POST /api/batches: 401 without a session, 403 for ekonomi and admin', async () => {
    const body = multipart(exampleFiles('ex02_varaktig'));
    const status = async (who: Who) =>
      (await f.app.inject({ method: 'POST', url: '/api/batches', headers: { ...jars[who].header(), ...body.headers }, payload: body.payload }))
        .statusCode;
    expect(await status('anonymous')).toBe(401);
    expect(await status('ekonomi')).toBe(403);
    expect(await status('admin')).toBe(403);
  });
});

describe('CSRF', () => {
  it('a form post without the token, or with another session’s, is refused', async () => {
    const jar = new Jar();
    await apiSignIn(f.app, jar, USERS.handläggare);
    const before = f.db.prepare("SELECT COUNT(*) FROM claim_events WHERE kind = 'submitted'").pluck().get();
    expect((await postForm(f.app, jar, '/ansokningar/markera', { ids: claimId, date: '2025-11-02' })).statusCode).toBe(403);
    const other = new Jar();
    const foreign = await formToken(f.app, other, '/logga-in');
    expect((await postForm(f.app, jar, '/ansokningar/markera', { _csrf: foreign, ids: claimId, date: '2025-11-02' })).statusCode).toBe(403);
    expect(f.db.prepare("SELECT COUNT(*) FROM claim_events WHERE kind = 'submitted'").pluck().get()).toBe(before);
  });

  it('the API upload needs the token (multipart could come from a cross-site form); a JSON sign-in does not', async () => {
    const body = multipart(exampleFiles('ex02_varaktig'));
    const res = await f.app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: { ...jars.handläggare.header(), ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(403);
    const form = await f.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=${USERS.handläggare}&password=${encodeURIComponent(PASSWORD)}`,
    });
    expect(form.statusCode).toBe(403);
    expect(form.cookies.find((c) => c.name === 'claims_session')).toBeUndefined();
  });
});

describe('signing in', () => {
  it('a wrong password gets 401, no cookie, and is audited as refused', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.ekonomi, password: 'fel lösenord här' } });
    expect(res.statusCode).toBe(401);
    expect(res.cookies.find((c) => c.name === 'claims_session')).toBeUndefined();
    const last = f.db.prepare("SELECT user, outcome FROM audit_log WHERE action = 'inloggning' ORDER BY id DESC LIMIT 1").get();
    expect(last).toEqual({ user: USERS.ekonomi, outcome: 'refused' });
  });

  it('the sign-in page shows an error summary tied to the field on a wrong password', async () => {
    const jar = new Jar();
    const token = await formToken(f.app, jar, '/logga-in');
    const res = await postForm(f.app, jar, '/logga-in', { _csrf: token, username: USERS.admin, password: 'nej' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('href="#username"');
    expect(res.body).toContain('aria-invalid="true"');
  });

  it('gives a new session id at sign-in (the one the visitor had is not kept)', async () => {
    const jar = new Jar();
    await apiSignIn(f.app, jar, USERS.handläggare);
    const first = jar.cookies.get('claims_session')!;
    const token = await formToken(f.app, jar, '/');
    // Signing in again (as someone else) from the same browser.
    const res = await postForm(f.app, jar, '/logga-in', { _csrf: token, username: USERS.ekonomi, password: PASSWORD });
    expect(res.statusCode).toBe(303);
    const second = jar.cookies.get('claims_session')!;
    expect(second).not.toBe(first);
    expect((await f.app.inject({ url: '/', headers: { cookie: `claims_session=${first}` } })).statusCode).toBe(302);
    // A session id planted before sign-in is not adopted either.
    const planted = 'x'.repeat(43);
    const r = await f.app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { cookie: `claims_session=${planted}` },
      payload: { username: USERS.ekonomi, password: PASSWORD },
    });
    expect(r.cookies.find((c) => c.name === 'claims_session')!.value).not.toBe(planted);
  });

  it('the session cookie is HttpOnly and SameSite=Strict', async () => {
    const res = await f.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.ekonomi, password: PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'claims_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  });

  it('a disabled user cannot sign in, and their open session ends', async () => {
    const jar = new Jar();
    await apiSignIn(f.app, jar, USERS.handläggare);
    const admin = new Jar();
    expect((await apiSignIn(f.app, admin, USERS.admin)).status).toBe(200);
    const added = await postForm(f.app, admin, '/anvandare', {
      _csrf: await formToken(f.app, admin, '/anvandare'),
      name: 'tillfällig',
      role: 'handläggare',
      password: PASSWORD,
    });
    expect(added.statusCode).toBe(200);
    const temp = new Jar();
    expect((await apiSignIn(f.app, temp, 'tillfällig')).status).toBe(200);
    const res = await postForm(f.app, admin, '/anvandare/tillf%C3%A4llig/avstangning', {
      _csrf: await formToken(f.app, admin, '/anvandare'),
      disabled: 'ja',
    });
    expect(res.statusCode).toBe(200);
    expect((await f.app.inject({ url: '/api/claims', headers: temp.header() })).statusCode).toBe(401);
    expect((await apiSignIn(f.app, new Jar(), 'tillfällig')).status).toBe(401);
  });

  it('a session idle longer than the timeout ends', async () => {
    const idle = await webFixture({ sessionIdleMs: 50 });
    try {
      const jar = new Jar();
      await apiSignIn(idle.app, jar, USERS.ekonomi);
      expect((await idle.app.inject({ url: '/api/claims', headers: jar.header() })).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, 120));
      expect((await idle.app.inject({ url: '/api/claims', headers: jar.header() })).statusCode).toBe(401);
      expect((await idle.app.inject({ url: '/', headers: jar.header() })).headers.location).toBe('/logga-in');
    } finally {
      await idle.close();
    }
  });

  it('is rate limited per client', async () => {
    const limited = await webFixture({ signInAttemptsPerMinute: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await limited.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody', password: 'wrong' } })).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // The right password is refused too while limited.
      expect(
        (await limited.app.inject({ method: 'POST', url: '/api/session', payload: { username: USERS.admin, password: PASSWORD } })).statusCode,
      ).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('documents', () => {
  it('the PDF comes from the stored claim, and the download is audited', async () => {
    const res = await f.app.inject({ url: `/api/claims/${claimId}/document`, headers: jars.ekonomi.header() });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(f.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'dokument hämtat' AND object = ?").pluck().get(claimId)).toBeGreaterThan(0);
  });

  it('path traversal is impossible: anything but a claim id is refused before the file system', async () => {
    for (const id of [
      '..%2F..%2Fclaims.db',
      '..%2Fclaims.json',
      '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      `${claimId}%2F..%2F..%2Fclaims.db`,
      'KV-0000000000000000',
    ]) {
      const api = await f.app.inject({ url: `/api/claims/${id}/document`, headers: jars.ekonomi.header() });
      expect([400, 404], id).toContain(api.statusCode);
      expect(api.headers['content-type']).toMatch(/json/);
      const pageRes = await f.app.inject({ url: `/ansokningar/${id}/dokument`, headers: jars.ekonomi.header() });
      expect(pageRes.statusCode, id).toBe(404);
    }
    const raw = await f.app.inject({ url: '/api/claims/../../claims.db/document', headers: jars.ekonomi.header() });
    expect(raw.statusCode).not.toBe(200);
  });
});

describe('uploads', () => {
  it('a file that is not a spreadsheet is refused (by name and by its bytes)', async () => {
    for (const file of [
      { name: 'program.exe', bytes: Buffer.from('MZ\u0090\u0000') },
      { name: 'fejk.xlsx', bytes: Buffer.from('inte en zip') },
      { name: 'binär.csv', bytes: Buffer.from([0x41, 0x00, 0x42]) },
    ]) {
      const body = multipart([file]);
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: { ...jars.handläggare.header(), ...body.headers, 'x-csrf-token': tokens.handläggare },
        payload: body.payload,
      });
      expect(res.statusCode, file.name).toBe(415);
    }
  });

  it('an oversized file is refused with 413, on the page and in the API', async () => {
    const small = await webFixture({ maxUploadBytes: 1024 });
    try {
      const jar = new Jar();
      const { csrf } = await apiSignIn(small.app, jar, USERS.handläggare);
      const big = multipart([{ name: 'stor.csv', bytes: Buffer.alloc(4096, 'a') }], { _csrf: csrf });
      const api = await small.app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: { ...jar.header(), ...big.headers, 'x-csrf-token': csrf },
        payload: big.payload,
      });
      expect(api.statusCode).toBe(413);
      const pageToken = await formToken(small.app, jar, '/ladda-upp');
      const form = multipart([{ name: 'stor.csv', bytes: Buffer.alloc(4096, 'a') }], { _csrf: pageToken });
      const res = await small.app.inject({ method: 'POST', url: '/ladda-upp', headers: { ...jar.header(), ...form.headers }, payload: form.payload });
      expect(res.statusCode).toBe(413);
      expect(res.body).toContain('error-summary');
      expect(small.db.prepare('SELECT COUNT(*) FROM batches').pluck().get()).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('a preview with a file that cannot be read says so and offers no "Läs in"', async () => {
    const jar = jars.handläggare;
    const body = multipart([{ name: 'lista.csv', bytes: Buffer.from('inte;en;kostnadsexport\n1;2;3\n') }], {
      _csrf: await formToken(f.app, jar, '/ladda-upp'),
    });
    const res = await f.app.inject({ method: 'POST', url: '/ladda-upp', headers: { ...jar.header(), ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Filer som inte går att läsa in');
    expect(res.body).toMatch(/<li>lista\.csv: [^<]+<\/li>/);
    expect(res.body).not.toContain('name="token"');
  });

  it('the preview stores nothing; "Läs in" submits the previewed files as a batch', async () => {
    const jar = jars.handläggare;
    const count = (sql: string) => f.db.prepare(sql).pluck().get() as number;
    const before = { files: count('SELECT COUNT(*) FROM source_files'), batches: count('SELECT COUNT(*) FROM batches') };
    const token = await formToken(f.app, jar, '/ladda-upp');
    const body = multipart(exampleFiles('ex02_varaktig'), { _csrf: token, asOf: '2025-11-01' });
    const res = await f.app.inject({ method: 'POST', url: '/ladda-upp', headers: { ...jar.header(), ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Förhandsgranskning');
    expect(res.body).toMatch(/costs\.csv<\/td><td>Kostnadsexport<\/td>\s*<td class="num">5<\/td><td class="num">5<\/td>/);
    expect({ files: count('SELECT COUNT(*) FROM source_files'), batches: count('SELECT COUNT(*) FROM batches') }).toEqual(before);
    const commitToken = res.body.match(/name="token" value="([^"]+)"/)![1]!;
    const csrf = res.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const commit = await postForm(f.app, jar, '/ladda-upp/las-in', { _csrf: csrf, token: commitToken });
    expect(commit.statusCode).toBe(303);
    const id = commit.headers.location!.replace('/batcher/', '');
    expect((await waitForBatch(f.db, id, { timeoutMs: 60_000, pollMs: 50 })).status).toBe('done');
    const batchPage = await get(`/batcher/${id}`, 'handläggare');
    expect(batchPage.body).toContain('Klar.');
    // The token is used up.
    expect((await postForm(f.app, jar, '/ladda-upp/las-in', { _csrf: csrf, token: commitToken })).statusCode).toBe(409);
    // Another export holding the same five lines and one new one: the stored five are duplicates,
    // as the batch will count them.
    const costs = exampleFiles('ex02_varaktig')
      .find((x) => x.name === 'costs.csv')!
      .bytes.toString('utf8');
    const more = `${costs.trimEnd()}\n19750315-3038;R-9;2025-09-01;1 000,00;vård;övrig;öppen_specialistvård;0,00;F43.1;ja;Medicinkliniken\n`;
    const again = multipart([{ name: 'kostnader-igen.csv', bytes: Buffer.from(more) }], {
      _csrf: await formToken(f.app, jar, '/ladda-upp'),
      asOf: '2025-11-01',
    });
    const second = await f.app.inject({ method: 'POST', url: '/ladda-upp', headers: { ...jar.header(), ...again.headers }, payload: again.payload });
    expect(second.body).toMatch(
      /kostnader-igen\.csv<\/td><td>Kostnadsexport<\/td>\s*<td class="num">6<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">5<\/td>/,
    );
  });
});

describe('claims', () => {
  it('marking claims submitted records the event as `claims mark` does, with the user as source', async () => {
    const ready = (
      f.db.prepare("SELECT id FROM claims WHERE status = 'ready' AND id <> 'KV-0000000000000001' ORDER BY id").pluck().all() as string[]
    ).slice(0, 1);
    expect(ready.length).toBe(1);
    const jar = jars.handläggare;
    const res = await postForm(f.app, jar, '/ansokningar/markera', {
      _csrf: await formToken(f.app, jar, '/ansokningar'),
      ids: ready,
      date: '2025-11-03',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('1 ansökningar är markerade som inskickade 2025-11-03');
    expect(f.db.prepare('SELECT status, submitted_on FROM claims WHERE id = ?').get(ready[0])).toEqual({
      status: 'submitted',
      submitted_on: '2025-11-03',
    });
    expect(f.db.prepare("SELECT source FROM claim_events WHERE claim_id = ? AND kind = 'submitted'").pluck().get(ready[0])).toBe(
      `webb:${USERS.handläggare}`,
    );
    const detail = await get(`/ansokningar/${ready[0]}`, 'ekonomi');
    expect(detail.body).toContain('Inskickad');
    expect(detail.body).toContain(USERS.handläggare);
  });

  it('a claim page shows the threshold arithmetic and the lines', async () => {
    const res = await get(`/ansokningar/${claimId}`, 'handläggare');
    expect(res.body).toContain('Avdrag i denna ansökan');
    expect(res.body).toContain('Kostnadsrader');
  });
});

describe('Kö', () => {
  it('shows the batches with status and progress, and the mode, to the admin', async () => {
    const res = await get('/ko', 'admin');
    expect(res.body).toContain('Jobben körs i webbserverns egen process');
    expect(res.body).toContain(`<td class="nowrap">${batchId}</td>`);
    expect(res.body).toMatch(/<td>Klar<\/td>\s*<td class="num">100 %<\/td>/);
    // File names are the users' own: the admin sees how many, not which.
    expect(res.body).not.toContain('kostnader.xlsx');
  });
});

describe('a dispatch', () => {
  it('is one ZIP of the chosen claims’ PDFs and a cover letter with the total; confirming marks them submitted', async () => {
    const jar = jars.ekonomi;
    const page = await f.app.inject({ url: '/ekonomi', headers: jar.header() });
    const ready = [...page.body.matchAll(/name="ids" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(ready.length).toBeGreaterThan(0);
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const res = await postForm(f.app, jar, '/ekonomi/forsandelse.zip', { _csrf: csrf, ids: ready, date: '2025-11-05' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="forsandelse-2025-11-05.zip"');
    const zip = await JSZip.loadAsync(res.rawPayload);
    expect(Object.keys(zip.files).sort()).toEqual(['foljebrev.pdf', ...ready.map((id) => `${id}.pdf`)].sort());
    const cover = pdfText(await zip.file('foljebrev.pdf')!.async('nodebuffer'));
    for (const id of ready) expect(cover).toContain(id);
    expect(cover).toContain('Summa');
    expect(cover).not.toMatch(/\d{8}-\d{4}/);
    // Downloading marks nothing; confirming does.
    expect(
      f.db
        .prepare(`SELECT DISTINCT status FROM claims WHERE id IN (${ready.map(() => '?').join(',')})`)
        .pluck()
        .all(...ready),
    ).toEqual(['ready']);
    const done = await postForm(f.app, jar, '/ekonomi/forsandelse/bekrafta', { _csrf: csrf, ids: ready, date: '2025-11-05' });
    expect(done.body).toContain(`${ready.length} ansökningar är markerade som inskickade 2025-11-05.`);
    expect(
      f.db
        .prepare(`SELECT DISTINCT status || ' ' || submitted_on FROM claims WHERE id IN (${ready.map(() => '?').join(',')})`)
        .pluck()
        .all(...ready),
    ).toEqual(['submitted 2025-11-05']);
    // A claim no longer ready is refused in a new dispatch.
    const again = await postForm(f.app, jar, '/ekonomi/forsandelse.zip', { _csrf: csrf, ids: ready[0]!, date: '2025-11-06' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('är inte klar att skicka');
  });
});

describe('papperslösa', () => {
  it('appear on no page and in no API answer, for any role', async () => {
    const urls = [
      '/',
      '/ansokningar',
      '/ansokningar?status=ready',
      `/batcher/${batchId}`,
      '/ladda-upp',
      '/anvandare',
      '/granskningslogg',
      '/granskningslogg.csv',
      '/api/claims',
      `/api/batches/${batchId}`,
      '/ansokningar/KV-0000000000000001',
      '/api/claims/KV-0000000000000001/document',
    ];
    for (const who of WHO) {
      for (const url of urls) {
        const res = await get(url, who);
        expect(res.body, `${who} ${url}`).not.toContain(PAPPERSLOS_ID);
        expect(res.body, `${who} ${url}`).not.toContain('19900101');
        expect(res.body, `${who} ${url}`).not.toContain('KV-0000000000000001');
      }
    }
    expect(f.db.prepare('SELECT COUNT(*) FROM claims WHERE person_id = ?').pluck().get(PAPPERSLOS_ID)).toBe(1);
  });

  it('the server log holds no identity number', () => {
    expect(f.logs()).not.toMatch(/\d{8}-\d{4}/);
    expect(f.logs()).toContain('"route":"/ansokningar/:id"');
  });
});
