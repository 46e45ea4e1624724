import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { COST_COLUMNS, PERSON_COLUMNS } from '../../src/domain/columns.js';
import { COST_ALIASES, PERSON_ALIASES, buildAliasTables, matchHeader, noHeaderMessage, normaliseHeader } from '../../src/ingest/headers.js';

const tables = buildAliasTables(defaultConfig());
const COST_MIN = ['Personnummer', 'Vårdkontakt', 'Datum', 'Belopp'];
const PERSON_MIN = ['Personnummer', 'Grupp'];

/** Variants of a header the spec says must match: case, spaces, dashes, underscores, diacritics. */
function variants(name: string): string[] {
  const spaced = name.replace(/_/g, ' ');
  return [
    name,
    name.toUpperCase(),
    spaced,
    name.replace(/_/g, '-'),
    ` ${spaced.replace(/(^|\s)\S/g, (c) => c.toUpperCase())} `,
    name.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    name.replace(/_/g, ''),
    name.replace(/_/g, '–'),
  ];
}

describe('header normalisation', () => {
  it('ignores case, spaces, dashes, underscores and diacritics', () => {
    expect(normaliseHeader(' Ordinerad av Läkare ')).toBe('ordineradavlakare');
    expect(normaliseHeader('ordinerad_av_läkare')).toBe('ordineradavlakare');
    expect(normaliseHeader('LMA-från')).toBe('lmafran');
    expect(normaliseHeader('Rad\u00a0ID')).toBe('radid');
  });
});

describe('cost export columns (SPEC §3.1)', () => {
  it('every canonical name and alias, in every spelling, maps to its column', () => {
    for (const column of COST_COLUMNS) {
      for (const name of [column, ...COST_ALIASES[column]]) {
        for (const v of variants(name)) {
          const cells = [...COST_MIN.filter((h) => tables.costs.get(normaliseHeader(h)) !== column), v];
          const m = matchHeader(cells, tables);
          expect(m?.kind, `${column} ← ${JSON.stringify(v)}`).toBe('costs');
          expect(m!.index.get(column), `${column} ← ${JSON.stringify(v)}`).toBe(cells.indexOf(v));
        }
      }
    }
  });

  it('dossiernummer / lma_nummer name the person only in an export without a person_id column', () => {
    for (const alias of ['Dossiernummer', 'LMA-nummer', 'lma_nummer']) {
      const m = matchHeader([alias, 'Vårdkontakt', 'Datum', 'Belopp'], tables);
      expect(m?.kind).toBe('costs');
      expect(m?.index.get('person_id')).toBe(0);
      expect(m?.label.get('person_id')).toBe(alias);
    }
    const both = matchHeader(['Dossiernummer', 'Personnummer', 'Vårdkontakt', 'Datum', 'Belopp'], tables);
    expect(both?.index.get('person_id')).toBe(1);
  });

  it('extra columns are ignored; the leftmost of two columns for one name counts', () => {
    const m = matchHeader(['Kommentar', 'Personnummer', 'Vårdkontakt', 'Datum', 'Belopp', 'Kostnad', null, ''], tables);
    expect(m?.kind).toBe('costs');
    expect(m?.index.get('amount')).toBe(4);
  });

  it('a row lacking a required column is no cost header', () => {
    expect(matchHeader(['Personnummer', 'Vårdkontakt', 'Datum'], tables)).toBeNull();
    expect(matchHeader(['Kostnadsexport 2025'], tables)).toBeNull();
  });
});

describe('register columns (SPEC §3.2)', () => {
  it('every canonical name and alias, in every spelling, maps to its column', () => {
    for (const column of PERSON_COLUMNS) {
      for (const name of [column, ...PERSON_ALIASES[column]]) {
        for (const v of variants(name)) {
          const cells = [...PERSON_MIN.filter((h) => tables.persons.get(normaliseHeader(h)) !== column), v];
          const m = matchHeader(cells, tables);
          expect(m?.kind, `${column} ← ${JSON.stringify(v)}`).toBe('persons');
          expect(m!.index.get(column), `${column} ← ${JSON.stringify(v)}`).toBe(cells.indexOf(v));
        }
      }
    }
  });

  it('a row with every cost column is a cost export even when it also has register columns', () => {
    expect(matchHeader([...COST_MIN, 'Grupp'], tables)?.kind).toBe('costs');
  });

  it('in a register, dossiernummer is the dossier number, not the person', () => {
    const m = matchHeader(['Personnummer', 'Dossiernummer', 'Grupp'], tables);
    expect(m?.kind).toBe('persons');
    expect(m?.index.get('dossier_number')).toBe(1);
    expect(matchHeader(['Dossiernummer', 'Grupp'], tables)).toBeNull();
  });
});

describe('region aliases from the config', () => {
  it('add aliases, and win over built-in ones', () => {
    const config = { ...defaultConfig(), headerAliases: { amount: ['Summa SEK'], care_setting: ['Kategori'], person_id: ['Pat.nr'] } };
    const t = buildAliasTables(config);
    const m = matchHeader(['Pat.nr', 'Vårdkontakt', 'Datum', 'Summa SEK', 'Kategori'], t);
    expect(m?.kind).toBe('costs');
    expect(m?.index.get('person_id')).toBe(0);
    expect(m?.index.get('amount')).toBe(3);
    expect(m?.index.get('care_setting')).toBe(4);
    expect(m?.index.has('care_category')).toBe(false);
  });
});

describe('the message for a file without a header', () => {
  it('names the headers that were expected, in Swedish', () => {
    const msg = noHeaderMessage();
    for (const c of ['person_id', 'contact_id', 'date', 'amount', 'group', 'Personnummer', 'Vårdkontakt', 'Datum', 'Belopp', 'Grupp'])
      expect(msg).toContain(c);
    expect(msg).toMatch(/kostnadsexport/);
    expect(msg).toMatch(/personregister/);
  });
});
