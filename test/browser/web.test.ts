// The web application in Debian's Chromium (playwright-core 1.64.1 bundles Chromium 156, as
// bookworm's package): a case officer signs in, uploads the example files, sees the preview,
// commits, watches the batch finish, sees the claims with deadlines, opens one and its PDF, and takes
// the deadlines' calendar link; a finance user makes a dispatch, downloads its ZIP and records a
// payment; an admin adds a user; a case officer records an assessment. axe-core checks every page against WCAG 2.1 A/AA, a screenshot of every page
// goes to test/artifacts/, and the server's log of the whole run names no identity number.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, PASSWORD, USERS, webFixture, type WebFixture } from '../web/support.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let f: WebFixture;
let base: string;
let browser: Browser;

beforeAll(async () => {
  // Fails, never skips: CI installs the package (.ci/run).
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} saknas: installera Debians paket chromium (apt-get install chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  f = await webFixture();
  base = await f.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
});

afterAll(async () => {
  await browser?.close();
  await f?.close();
});

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

/** axe-core in the page (evaluated over the DevTools protocol, so the strict CSP stays on). */
async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await page.evaluate(AXE);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as AxeResult;
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `${name}: ${found.join('\n')}`).toEqual([]);
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`${base}/logga-in`);
  await page.getByLabel('Användarnamn').fill(name);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(`${base}/`);
}

describe('in the browser', () => {
  it('a case officer uploads, previews, commits, follows the batch, opens a claim and subscribes to the deadlines', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${base}/logga-in`);
    await checkPage(page, '01-logga-in');
    await page.getByLabel('Användarnamn').fill(USERS.handläggare);
    await page.getByLabel('Lösenord').fill('fel lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('Fel användarnamn eller lösenord.');
    await checkPage(page, '02-logga-in-fel');

    // The wrong password's 401 is logged by the browser as a failed load: count from here on.
    errors.length = 0;
    await signIn(page, USERS.handläggare);
    await checkPage(page, '03-oversikt-tom');

    await page.getByRole('link', { name: 'Ladda upp' }).click();
    await checkPage(page, '04-ladda-upp');
    const dir = join(EXAMPLES, 'ex01_kostnadskravande');
    await page.getByLabel('Filer').setInputFiles([join(dir, 'personer.xlsx'), join(dir, 'kostnader.xlsx')]);
    await page.getByLabel('Bedömningsdatum').fill('2025-11-01');
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByRole('heading', { name: 'Förhandsgranskning' }).waitFor();
    expect(await page.locator('table').first().innerText()).toContain('kostnader.xlsx');
    await checkPage(page, '05-forhandsgranskning');

    await page.getByRole('button', { name: 'Läs in' }).click();
    await page.waitForURL(/\/batcher\/b_/);
    // The progressive script polls and reloads the page when the batch is done.
    await page.getByText('Klar.', { exact: false }).waitFor({ timeout: 60_000 });
    await checkPage(page, '06-batch');

    await page.getByRole('link', { name: 'Visa ansökningarna' }).click();
    const rows = page.locator('table.claims tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('2026-06-30');
    await checkPage(page, '07-ansokningar');
    // Reflow (WCAG 1.4.10): at 360 px the page itself does not scroll sideways; wide tables scroll in their box.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await checkPage(page, '07-ansokningar-smal');
    await page.setViewportSize({ width: 1280, height: 900 });

    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: /^Ansökan KV-/ }).waitFor();
    await checkPage(page, '08-ansokan');
    const pdfHref = await page.getByRole('link', { name: 'Öppna ansökan (PDF)' }).getAttribute('href');
    const pdf = await page.request.get(`${base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');

    await page.getByRole('link', { name: 'Ansökningar', exact: true }).click();
    await page.locator('table.claims tbody tr').first().getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Markera som inskickade' }).click();
    await page.getByText('1 ansökningar är markerade som inskickade').waitFor();
    await checkPage(page, '09-markerad');

    await page.getByRole('link', { name: 'Frister' }).click();
    await page.getByRole('button', { name: 'Skapa kalenderlänk' }).click();
    const feed = await page.getByLabel(/Din kalenderlänk/).inputValue();
    expect((await page.request.get(feed)).headers()['content-type']).toBe('text/calendar; charset=utf-8');
    await checkPage(page, '10-frister');

    await page.getByRole('link', { name: 'Översikt' }).click();
    await checkPage(page, '11-oversikt');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a finance user makes a dispatch, downloads the ZIP, and records a payment with a running remainder', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, USERS.ekonomi);
    await page.getByRole('link', { name: 'Ekonomi' }).click();
    // The claim still ready goes out in a dispatch: download the ZIP, then confirm it was sent.
    await page.getByRole('checkbox', { name: /^Välj KV-/ }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner försändelsen (ZIP)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^forsandelse-\d{4}-\d{2}-\d{2}\.zip$/);
    const zipPath = join(ARTIFACTS, 'forsandelse.zip');
    await download.saveAs(zipPath);
    expect(readFileSync(zipPath).subarray(0, 2).toString()).toBe('PK');
    await page.getByRole('button', { name: 'Markera som inskickade' }).click();
    await page.getByText('1 ansökningar är markerade som inskickade').waitFor();
    await page.getByLabel('Utbetalt belopp (kr)').fill('31 400,00');
    await page
      .getByLabel(/^Utbetalt nu för/)
      .first()
      .fill('31 400');
    expect(await page.locator('[data-remainder]').innerText()).toBe('0,00 kr');
    await checkPage(page, '12-ekonomi');
    await page.getByRole('button', { name: 'Registrera utbetalningen' }).click();
    await page.getByText('Utbetalningen på 31 400,00 kr är registrerad på 1 ansökningar.').waitFor();
    await context.close();
  });

  it('an admin adds a user, reads the audit log and orders the reports', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, USERS.admin);
    await page.getByRole('link', { name: 'Användare' }).click();
    await checkPage(page, '13-anvandare');
    await page.getByLabel('Användarnamn').fill('nyanstalld');
    await page.getByLabel('Roll', { exact: true }).selectOption('ekonomi');
    await page.locator('#new-password').fill('ännu ett långt lösenord');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await page.getByText('Användaren nyanstalld är skapad.').waitFor();
    await checkPage(page, '14-anvandare-tillagd');
    await page.getByRole('link', { name: 'Granskningslogg' }).click();
    expect(await page.locator('table').innerText()).toContain('nyanstalld');
    await checkPage(page, '15-granskningslogg');
    await page.getByRole('link', { name: 'Rapporter' }).click();
    await page.getByRole('button', { name: 'Ta fram rapporterna' }).click();
    await page
      .getByRole('status')
      .getByText(/Rapporterna för \d{4} tas fram/)
      .waitFor();
    await checkPage(page, '16-rapporter');
    await page.getByRole('link', { name: 'Kö' }).click();
    await checkPage(page, '17-ko');
    await context.close();
  });

  it('a case officer records an assessment on a varaktig claim, and the batch page shows the claim it changed', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, USERS.handläggare);
    // The example's person with the assessment left out of the register.
    const dir = mkdtempSync(join(tmpdir(), 'browser-varaktig-'));
    const ex = join(EXAMPLES, 'ex02_varaktig');
    const register = readFileSync(join(ex, 'persons.csv'), 'utf8').replace(';ja;ja;F43', ';;;');
    writeFileSync(join(dir, 'personer-utan-bedomning.csv'), register);
    await page.getByRole('link', { name: 'Ladda upp' }).click();
    await page.getByLabel('Filer').setInputFiles([join(dir, 'personer-utan-bedomning.csv'), join(ex, 'costs.csv')]);
    await page.getByLabel('Bedömningsdatum').fill('2025-11-01');
    await page.getByRole('button', { name: 'Förhandsgranska' }).click();
    await page.getByRole('button', { name: 'Läs in' }).click();
    await page.getByText('Klar.', { exact: false }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: /^VV-/ }).click();
    await page.getByRole('heading', { name: 'Bedömning' }).waitFor();
    await checkPage(page, '18-ansokan-bedomning');
    await page.getByLabel('Grunddiagnoser (ICD-10)').fill('F43, inte en kod');
    await page.getByRole('button', { name: 'Spara bedömning' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('Grunddiagnoserna');
    await checkPage(page, '19-bedomning-fel');
    await page
      .getByRole('group', { name: /tre år/ })
      .getByLabel('Ja')
      .check();
    await page
      .getByRole('group', { name: /samband/i })
      .getByLabel('Ja')
      .check();
    await page.getByLabel('Grunddiagnoser (ICD-10)').fill('F43');
    await page.getByRole('button', { name: 'Spara bedömning' }).click();
    await page.waitForURL(/\/batcher\/b_/);
    await page.getByText('Klar.', { exact: false }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('table', { name: /påverkade/ }).innerText()).toContain('Klar att skicka');
    await checkPage(page, '20-batch-bedomning');
    rmSync(dir, { recursive: true, force: true });
    await context.close();
  });

  it('the server logged no identity number during the run', () => {
    expect(f.logs().length).toBeGreaterThan(0);
    // The example files' identity numbers, and anything of the form YYMMDD-NNNN or YYYYMMDD-NNNN.
    for (const id of ['19881111-1015', '198811111015', '20180505-2022', '201805052022', '19750315-3038']) expect(f.logs()).not.toContain(id);
    // Nor a diagnosis the case officer typed.
    expect(f.logs()).not.toContain('F43');
    expect(f.logs()).not.toMatch(/(?<![\d:])\d{6}(?:\d{2})?[-+]\d{4}(?!\d)/);
  });
});
