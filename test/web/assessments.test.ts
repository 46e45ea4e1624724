// Recording an assessment from a varaktig claim's page: stored as pending, applied by a batch
// without files, the claim re-evaluated (needs assessment → ready, with its PDF), kept when a later
// register leaves the fields empty, overruled when a later register says otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForBatch } from '../../src/queue/index.js';
import { Jar, USERS, apiSignIn, exampleFiles, formToken, postForm, runBatch, webFixture, type WebFixture } from './support.js';

const REGISTER_HEADER = 'Personnummer;Grupp;Dossiernummer;LMA från;LMA till;Kommunmottagen;Varaktigt vårdbehov;Samband;Grundsjukdom';
const register = (chronic: string, link: string, diagnoses: string, municipality = '') => ({
  name: `personer-${chronic || 'tom'}-${municipality || 'x'}.csv`,
  bytes: Buffer.from(
    `${REGISTER_HEADER};Kommun\n19750315-3038;uppehållstillstånd;99887766;;;2023-11-20;${chronic};${link};${diagnoses};${municipality}\n`,
  ),
});

let f: WebFixture;
const officer = new Jar();
const finance = new Jar();
let csrf = '';
let claimId = '';

const batch = (files: { name: string; bytes: Buffer }[]) => runBatch(f, officer, csrf, files, '2025-12-01');

const claimPage = async (jar = officer) => (await f.app.inject({ url: `/ansokningar/${claimId}`, headers: jar.header() })).body;
/** Posts the assessment form of the claim as a case officer: three years and link both ja. */
const assess = async (underlyingDiagnoses: string) =>
  postForm(f.app, officer, `/ansokningar/${claimId}/bedomning`, {
    _csrf: await formToken(f.app, officer, `/ansokningar/${claimId}`),
    chronic3y: 'ja',
    protectionLink: 'ja',
    underlyingDiagnoses,
  });
const statusOf = () => f.db.prepare('SELECT status FROM claims WHERE id = ?').pluck().get(claimId);

beforeAll(async () => {
  f = await webFixture({ today: () => '2025-12-01' });
  csrf = (await apiSignIn(f.app, officer, USERS.handläggare)).csrf;
  await apiSignIn(f.app, finance, USERS.ekonomi);
  const costs = exampleFiles('ex02_varaktig').find((x) => x.name === 'costs.csv')!;
  await batch([register('', '', ''), costs]);
  const claims = (await f.app.inject({ url: '/api/claims', headers: officer.header() })).json() as { claims: { id: string; status: string }[] };
  expect(claims.claims.map((c) => c.status)).toEqual(['needs_assessment']);
  claimId = claims.claims[0]!.id;
});
afterAll(async () => {
  await f?.close();
});

describe('recording an assessment', () => {
  it('the claim page shows the assessment form to a case officer only', async () => {
    const page = await claimPage();
    expect(page).toContain('Spara bedömning');
    expect(page).toMatch(/id="chronic3y-none" name="chronic3y" value="" checked/);
    expect(await claimPage(finance)).not.toContain('Spara bedömning');
    expect(await claimPage(finance)).toContain('Vårdbehov i minst tre år');
  });

  it('refuses codes that are no ICD-10 codes, naming the field, and stores nothing', async () => {
    const res = await assess('F43, stress');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('href="#underlyingDiagnoses"');
    expect(res.body).toContain('ICD-10');
    expect(res.body).toContain('value="F43, stress"');
    expect(f.db.prepare('SELECT COUNT(*) FROM assessments').pluck().get()).toBe(0);
  });

  it('is applied by a batch without files: the claim becomes ready and gets its PDF; the batch page lists it', async () => {
    const res = await assess('f43');
    expect(res.statusCode).toBe(303);
    const batchId = /^\/batcher\/(.+)$/.exec(String(res.headers.location))![1]!;
    const batch = await waitForBatch(f.db, batchId, { timeoutMs: 60_000, pollMs: 50 });
    expect(batch.status).toBe('done');
    expect(batch.files).toEqual([]);
    expect(statusOf()).toBe('ready');
    const batchPage = (await f.app.inject({ url: `/batcher/${batchId}`, headers: officer.header() })).body;
    expect(batchPage).toContain('0 nya, 1 ändrade och 0 borttagna ansökningar');
    const page = await claimPage();
    expect(page).toContain('Klar att skicka');
    expect(page).toContain('<dd>F43</dd>');
    expect(page).toMatch(/<td>hanna<\/td><td>[^<]+<\/td><td>\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect((await f.app.inject({ url: `/ansokningar/${claimId}/dokument`, headers: officer.header() })).statusCode).toBe(200);
    const audit = f.db.prepare("SELECT user, object, outcome FROM audit_log WHERE action = 'bedömning registrerad'").all();
    expect(audit).toEqual([{ user: 'hanna', object: `${claimId} (batch ${batchId})`, outcome: 'ok' }]);
  });

  it('a later register that leaves the fields empty keeps it; one that says nej overrules it', async () => {
    await batch([register('', '', '', 'Malmö')]);
    expect(statusOf()).toBe('ready');
    await batch([register('nej', '', '', 'Lund')]);
    expect(statusOf()).toBeUndefined();
    const left = f.db.prepare('SELECT chronic_3y, protection_link, underlying_diagnoses FROM persons').get();
    expect(left).toEqual({ chronic_3y: 0, protection_link: 1, underlying_diagnoses: 'F43' });
  });

  it('is refused for a claim that is not varaktig or not there', async () => {
    const token = await formToken(f.app, officer, '/ansokningar');
    const res = await postForm(f.app, officer, '/ansokningar/KV-0000000000000000/bedomning', {
      _csrf: token,
      chronic3y: 'ja',
      protectionLink: 'ja',
      underlyingDiagnoses: '',
    });
    expect(res.statusCode).toBe(404);
  });
});
