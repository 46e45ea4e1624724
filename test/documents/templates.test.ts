// The templates: they parse, and every character they use has a glyph in the embedded fonts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applicationTemplateFingerprint } from '../../src/documents/applications.js';
import { missingGlyphs } from '../../src/documents/pdf/fonts.js';
import { fill, formTemplate, holds, labels, layoutTemplate, TEMPLATES_DIR } from '../../src/documents/templates.js';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

describe('templates', () => {
  it('parse', () => {
    expect(layoutTemplate().fonts.regular).toMatch(/\.ttf$/);
    expect(formTemplate('4492').form).toBe('4492');
    expect(formTemplate('4481').form).toBe('4481');
    expect(labels().careSetting['bup']).toBe('Barn- och ungdomspsykiatri');
  });

  it('use only characters the embedded fonts can draw', () => {
    for (const file of jsonFiles(TEMPLATES_DIR)) {
      const text = readFileSync(file, 'utf8');
      expect({ file, missing: missingGlyphs(text) }).toEqual({ file, missing: [] });
    }
    expect(missingGlyphs('åäöÅÄÖéÉüÜ§–…≥')).toEqual([]);
  });

  it('have a fingerprint for telling whether a stored application is still current', () => {
    expect(applicationTemplateFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    expect(applicationTemplateFingerprint()).toBe(applicationTemplateFingerprint());
  });

  it('fill placeholders and refuse unknown ones', () => {
    expect(fill('Sida {page} av {pages}', { page: '1', pages: '3' })).toBe('Sida 1 av 3');
    expect(() => fill('{nope}', {})).toThrow(/okänd platshållare/);
    expect(holds(undefined, new Set())).toBe(true);
    expect(holds('a', new Set(['a']))).toBe(true);
    expect(holds('!a', new Set(['a']))).toBe(false);
  });
});
