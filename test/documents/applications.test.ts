// Application PDFs (SPEC §6.2), read back with poppler: amounts, deadline, identities, page
// numbers, the table breaking over pages, embedded fonts, metadata, identical bytes, privacy.
import { describe, expect, it } from 'vitest';
import { ApplicationError, renderApplicationPdf } from '../../src/documents/applications.js';
import { netOre } from '../../src/domain/types.js';
import { kostnadskravandeInput, line, varaktigInput } from './fixtures.js';
import { pdfFonts, pdfInfo, pdfPages, pdfText, squash } from './pdf-tools.js';

describe('kostnadskrävande application (form 4492)', async () => {
  const input = kostnadskravandeInput(60);
  const pdf = await renderApplicationPdf(input);
  const pages = pdfPages(pdf, { layout: true });
  const text = squash(pages.join(' '));

  it('is A4 with title, author, subject and the creation date from the as-of date', () => {
    const info = pdfInfo(pdf);
    expect(info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)/);
    expect(info.Title).toBe('Ansökan om ersättning för kostnadskrävande vård för asylsökande');
    expect(info.Author).toBe('Region Östergötland');
    expect(info.Subject).toContain('2025-01-10 – 2025-03-28');
    expect(info.CreationDate).toMatch(/^2026-11-25T00:00:00/);
    expect(info['PDF version']).toBe('1.7');
  });

  it('numbers every page "Sida X av N"', () => {
    expect(pages.length).toBeGreaterThan(2);
    expect(Number(pdfInfo(pdf).Pages)).toBe(pages.length);
    pages.forEach((p, i) => expect(squash(p)).toContain(`Sida ${i + 1} av ${pages.length}`));
  });

  it('shows the region, the person and the contact, with å ä ö é intact', () => {
    for (const s of [
      'Region Östergötland',
      '232100-0040',
      'Box 1024',
      '581 91 Linköping',
      'Åsa Ekström',
      '010-103 00 00',
      'asylvard@regionostergotland.se',
    ]) {
      expect(text).toContain(s);
    }
    for (const s of ['19850101-1234', '1-234567', '1985-01-01', 'Zoë Bäckström-Öberg', 'K-1001', 'Avslutad 2025-03-28', 'kvartal 1 2025'])
      expect(text).toContain(s);
  });

  it('shows the deadline and the amounts, the 100 000 kr deduction line by line', () => {
    expect(pages[0]).toMatch(/Ansökan ska ha kommit in till Migrationsverket senast *\n.*2026-06-30/);
    expect(text).toContain('Summa för perioden 142 800,00 300,00 142 500,00');
    expect(text).toMatch(/Kostnader för vårdkontakten under perioden \(summa netto, avsnitt 5\) 142 500,00 kr/);
    expect(text).toMatch(/Gränsbelopp som regionen själv bär för vårdkontakten \(7 §\) 100 000,00 kr/);
    expect(text).toMatch(/Avgår: gränsbelopp som räknas av i denna ansökan -100 000,00 kr/);
    expect(text).toMatch(/Belopp som ansökan avser 42 500,00 kr/);
    expect(text).toContain('7 a §');
    expect(text).toContain('Läkarutlåtande med diagnos');
    expect(text).toMatch(/Underskrift/);
    expect(text).toContain('Namnförtydligande');
  });

  it('breaks the specification over pages with its header repeated and subtotals per month', () => {
    const specPages = pages.filter((p) => p.includes('Summa januari 2025') || p.includes('Specifikation av kostnader (forts.)'));
    expect(specPages.length).toBeGreaterThan(1);
    for (const p of pages.slice(1)) {
      if (!p.includes('(forts.)')) continue;
      for (const h of ['Datum', 'Vårdenhet', 'Vårdform', 'Kostnadstyp', 'Belopp', 'Patientavgift', 'Netto']) expect(p).toContain(h);
      expect(p).toContain('personnummer 19850101-1234');
    }
    const jan = input.lines.filter((l) => l.date.startsWith('2025-01')).reduce((s, l) => s + netOre(l), 0);
    expect(jan).toBe(47_300_00);
    expect(text).toContain('Summa januari 2025 47 600,00 300,00 47 300,00');
    expect(text).toContain('Summa februari 2025');
    expect(text).toContain('Summa mars 2025');
  });

  it('embeds every font (subset, with a Unicode map)', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(f.name).toMatch(/^[A-Z]{6}\+LiberationSans/);
    }
  });

  it('says nothing about diagnoses', () => {
    expect(text).not.toContain('F43');
  });
});

describe('deterministic bytes', () => {
  it('gives identical files for the same input, whatever was rendered in between', async () => {
    const a = await renderApplicationPdf(kostnadskravandeInput(20));
    await renderApplicationPdf(varaktigInput());
    await renderApplicationPdf(kostnadskravandeInput(7, { person: { name: 'Ångström Ülkü Çelik' } }));
    const b = await renderApplicationPdf(kostnadskravandeInput(20));
    expect(b.equals(a)).toBe(true);
  });

  it('differs when the as-of date differs', async () => {
    const input = kostnadskravandeInput(5);
    const a = await renderApplicationPdf(input);
    const b = await renderApplicationPdf({ ...input, asOf: '2026-11-26' });
    expect(b.equals(a)).toBe(false);
  });
});

describe('kostnadskrävande, ongoing multi-quarter contact', () => {
  it('shows the provisional deadline and what earlier quarters already deducted', async () => {
    const input = kostnadskravandeInput(6, { claim: { deadlineProvisional: true, quarter: '2025Q2' } });
    const quarterSum = input.kostnadskravande!.quarterSumOre;
    input.kostnadskravande = {
      ...input.kostnadskravande!,
      contactEnd: null,
      multiQuarter: true,
      sumBeforeQuarterOre: 80_000_00,
      deductedBeforeOre: 80_000_00,
      deductionOre: 20_000_00,
    };
    input.claim.claimOre = quarterSum - 20_000_00;
    const text = squash(pdfText(await renderApplicationPdf(input), { layout: true }));
    expect(text).toContain('Pågående');
    expect(text).toContain('Preliminärt datum: vårdkontakten pågår');
    expect(text).toMatch(/Kostnader för vårdkontakten i tidigare kvartal 80 000,00 kr/);
    expect(text).toMatch(/Kostnader för vårdkontakten till och med periodens slut 222 500,00 kr/);
    expect(text).toMatch(/Del av gränsbeloppet som redan räknats av i tidigare kvartal 80 000,00 kr/);
    expect(text).toMatch(/Avgår: gränsbelopp som räknas av i denna ansökan -20 000,00 kr/);
    expect(text).toMatch(/Belopp som ansökan avser 122 500,00 kr/);
    expect(text).toContain('söks kvartal för kvartal');
  });

  it('shows an adjustment against what was applied for before', async () => {
    const input = kostnadskravandeInput(6, { claim: { adjustmentOf: 'abc123frozen' } });
    input.previouslyClaimedOre = 40_000_00;
    input.claim.claimOre = 2_500_00;
    const text = squash(pdfText(await renderApplicationPdf(input), { layout: true }));
    expect(text).toContain('Justering av tidigare ansökan');
    expect(text).toMatch(/Ersättning för perioden enligt denna beräkning 42 500,00 kr/);
    expect(text).toMatch(/Avgår: belopp som redan har sökts för perioden \(ärende-id abc123frozen\) -40 000,00 kr/);
    expect(text).toMatch(/Belopp som ansökan avser 2 500,00 kr/);
  });
});

describe('varaktig application (form 4481)', async () => {
  const input = varaktigInput();
  const pdf = await renderApplicationPdf(input);
  const pages = pdfPages(pdf, { layout: true });
  const text = squash(pages.join(' '));

  it('shows the person, the period, the 60 000 kr test on care without interpreter, and the assessments', () => {
    expect(pdfInfo(pdf).Title).toBe('Ansökan om ersättning för hälso- och sjukvård för nyanlända');
    for (const s of ['19900215-2385', '7-654321', 'Émile Åkesson', '2023-09-01', 'Norrköping', '2024-03-05', '2025-03-04']) expect(text).toContain(s);
    expect(pages[0]).toMatch(/Ansökan ska ha kommit in till Migrationsverket senast *\n.*2026-03-04/);
    expect(text).toMatch(/exklusive tolk 64 000,00 kr/);
    expect(text).toMatch(/minst 60 000,00 kr/);
    expect(text).toMatch(/Prövning: 64 000,00 kr ≥ 60 000,00 kr Uppfylld/);
    expect(text).toMatch(/ersätts\) 3 500,00 kr/);
    expect(text).toMatch(/Summa kostnader under perioden \(vård och tolk\) 67 500,00 kr/);
    expect(text).toMatch(/Belopp som ansökan avser 67 500,00 kr/);
    expect(text).toMatch(/Vårdbehovet bedöms bestå i minst tre år .{0,200} Ja Ja /);
    expect(text).toContain('Läkarintyg som visar att vårdbehovet beräknas bestå i minst tre år');
    expect(text).toContain('33 §');
    pages.forEach((p, i) => expect(squash(p)).toContain(`Sida ${i + 1} av ${pages.length}`));
  });

  it('does not print the underlying diagnoses', () => {
    expect(text).not.toContain('F43');
  });
});

describe('characters the fonts lack', () => {
  it('print as ? rather than empty boxes (PDF/A forbids .notdef)', async () => {
    const pdf = await renderApplicationPdf(kostnadskravandeInput(3, { person: { name: 'محمد Ali Øster Łukasz Ğül' } }));
    expect(squash(pdfText(pdf, { layout: true }))).toContain('???? Ali Øster Łukasz Ğül');
  });
});

describe('what must never become an application', () => {
  it('refuses a papperslös person', async () => {
    const input = kostnadskravandeInput(3, { person: { group: 'papperslös' } });
    await expect(renderApplicationPdf(input)).rejects.toThrow(ApplicationError);
  });

  it('refuses lines of another person, without naming anyone in the error', async () => {
    const input = kostnadskravandeInput(3);
    input.lines.push(line({ personId: '19700101-1111', date: '2025-02-02', amountOre: 0 }));
    const err = await renderApplicationPdf(input).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ApplicationError);
    expect(String(err)).not.toMatch(/19700101|19850101|Bäckström/);
  });

  it('refuses arithmetic that does not add up', async () => {
    const input = kostnadskravandeInput(3);
    input.claim.claimOre += 1;
    await expect(renderApplicationPdf(input)).rejects.toThrow(/går inte ihop/);
  });
});
