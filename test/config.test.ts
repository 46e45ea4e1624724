import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to the schablon amounts of förordning (1996:1357) 6 §, in öre', () => {
    expect(defaultConfig().schablon).toEqual({ upTo18Ore: 374_000, from19To60Ore: 443_500, from61Ore: 563_500 });
  });

  it('reads amounts in kronor from the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify({ schablon: { upTo18Kronor: 3800.5 }, region: { name: 'Region Test' } }));
    const config = loadConfig(path);
    expect(config.schablon.upTo18Ore).toBe(380_050);
    expect(config.schablon.from61Ore).toBe(563_500);
    expect(config.region.name).toBe('Region Test');
  });

  it('names the field that is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify({ schablon: { upTo18Kronor: 'många' } }));
    expect(() => loadConfig(path)).toThrow(ConfigError);
    expect(() => loadConfig(path)).toThrow(/schablon\.upTo18Kronor/);
  });

  it('names the unknown columns a header mapping mentions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify({ headerAliases: { amount: ['Summa SEK'], belopp: ['y'] } }));
    expect(() => loadConfig(path)).toThrow(/headerAliases.*okända kolumner: belopp/);
  });

  it('the example config is valid', () => {
    expect(loadConfig(join(import.meta.dirname, '..', 'data', 'config.example.json')).region.name).toBe('Region Exempelland');
  });
});
