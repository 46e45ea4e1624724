// SIE 4I text (src/finance/sie.ts): the record syntax, code page 437, and the strict reader the
// other finance tests parse files back with.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeSie, fitsCp437, headerText, sieAmount, sieString, sieText, voucherText, type SieHeader } from '../../src/finance/sie.js';
import { readSie } from './sie-reader.js';

const header: SieHeader = {
  program: { name: 'asylum-care-claims', version: '0.1.0' },
  generated: '2026-01-15',
  prosa: 'Verifikationer från test',
  organisationNumber: '2321000000',
  companyName: 'Region Åsele-Örby',
  accounts: [
    { number: '1681', name: 'Fordran Migrationsverket' },
    { number: '3961', name: 'Statlig ersättning, kostnadskrävande vård' },
  ],
  dimensions: [{ number: 1, name: 'Kostnadsställe' }],
  objects: [{ dimension: 1, id: 'Öron-näsa-hals', name: 'Öron-näsa-hals "ÖNH"' }],
};

const voucher = voucherText({
  series: 'M',
  number: 7,
  date: '2025-11-02',
  text: 'Ansökan KV-1 inskickad, kostnadskrävande vård',
  registered: '2026-01-15',
  trans: [
    { account: '1681', object: { dimension: 1, id: 'Öron-näsa-hals' }, amountOre: 1_234_56 },
    { account: '3961', object: { dimension: 1, id: 'Öron-näsa-hals' }, amountOre: -1_234_56 },
  ],
});

describe('SIE records', () => {
  it('amounts have a point and two decimals, a minus first, integer arithmetic', () => {
    expect(sieAmount(123450)).toBe('1234.50');
    expect(sieAmount(-5)).toBe('-0.05');
    expect(sieAmount(0)).toBe('0.00');
    expect(sieAmount(10_000_000_000)).toBe('100000000.00');
    expect(() => sieAmount(1.5)).toThrow();
  });

  it('strings are quoted, a quote inside gets a backslash, control characters and backslashes go', () => {
    expect(sieString('Öron-näsa-hals')).toBe('"Öron-näsa-hals"');
    expect(sieString('a "b" c')).toBe('"a \\"b\\" c"');
    expect(sieString('rad1\nrad2\tx\\y')).toBe('"rad1 rad2 x/y"');
  });

  it('a voucher: #VER serie nr datum text regdatum, braces alone on their lines, #TRANS konto {dim "obj"} belopp', () => {
    expect(voucher.split('\r\n')).toEqual([
      '#VER "M" 7 20251102 "Ansökan KV-1 inskickad, kostnadskrävande vård" 20260115',
      '{',
      '#TRANS 1681 {1 "Öron-näsa-hals"} 1234.56',
      '#TRANS 3961 {1 "Öron-näsa-hals"} -1234.56',
      '}',
    ]);
  });

  it('refuses to write a voucher that does not balance', () => {
    expect(() =>
      voucherText({
        series: 'M',
        number: 1,
        date: '2025-01-01',
        text: 'x',
        registered: '2025-01-01',
        trans: [{ account: '1930', object: null, amountOre: 1 }],
      }),
    ).toThrow(/går inte jämnt ut/);
  });

  it('the header: flag first, identification, chart of accounts; #ORGNR with its hyphen', () => {
    const lines = headerText(header).split('\r\n');
    expect(lines.slice(0, 5)).toEqual(['#FLAGGA 0', '#PROGRAM "asylum-care-claims" "0.1.0"', '#FORMAT PC8', '#GEN 20260115', '#SIETYP 4']);
    expect(lines).toContain('#ORGNR 232100-0000');
    expect(lines).toContain('#OBJEKT 1 "Öron-näsa-hals" "Öron-näsa-hals \\"ÖNH\\""');
  });

  it('å, ä, ö, Å, Ä, Ö and é survive code page 437 both ways; the strict reader reads the file back', () => {
    const bytes = encodeSie(sieText(header, [voucher]));
    // Code page 437: å 0x86, ä 0x84, ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99, é 0x82.
    expect([...encodeSie('åäöÅÄÖé')]).toEqual([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x82]);
    expect(iconv.decode(bytes, 'cp437')).toContain('Region Åsele-Örby');
    expect(fitsCp437('Åsele Öron-näsa-hals é')).toBe(true);
    expect(fitsCp437('Łódź – kliniken')).toBe(false);
    const read = readSie(bytes);
    expect(read.records.get('#FNAMN')).toEqual([['Region Åsele-Örby']]);
    expect(read.objects.get('1 Öron-näsa-hals')).toBe('Öron-näsa-hals "ÖNH"');
    expect(read.vouchers).toEqual([
      {
        series: 'M',
        number: 7,
        date: '2025-11-02',
        text: 'Ansökan KV-1 inskickad, kostnadskrävande vård',
        registered: '2026-01-15',
        trans: [
          { account: '1681', objects: [['1', 'Öron-näsa-hals']], amountOre: 123456 },
          { account: '3961', objects: [['1', 'Öron-näsa-hals']], amountOre: -123456 },
        ],
      },
    ]);
  });

  it('the strict reader refuses what the specification does not allow', () => {
    const good = sieText(header, [voucher]);
    const bad = (text: string) => () => readSie(iconv.encode(text, 'cp437'));
    expect(bad(good.replace('1234.56', '1234,56'))).toThrow(/punkt och två decimaler/);
    expect(bad(good.replace('-1234.56', '-1234.55'))).toThrow(/balanserar inte/);
    expect(bad(good.replace('#FLAGGA 0\r\n', ''))).toThrow(/börja med #FLAGGA/);
    expect(bad(good.replace('20251102', '20251131'))).toThrow(/inget datum/);
    expect(bad(good.replace('#KONTO 3961', '#KONTOX 3961'))).toThrow(/okänd etikett/);
    expect(bad(good.replace('20260115\r\n{', '20260115 {'))).toThrow();
    expect(bad(good.replace('#KONTO 1681 "Fordran Migrationsverket"\r\n', ''))).toThrow(/inte deklarerat/);
    expect(bad(`${good}#IB 0 1930 100.00\r\n`)).toThrow(/4I/);
    expect(bad(good + voucher.replace('"M" 7', '"M" 3'))).toThrow(/stigande/);
  });
});
