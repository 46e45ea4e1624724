// `claims generate-sample --persons N --rows N --out DIR [--seed S] [--year YYYY]`: writes a seeded,
// realistic person register and cost export (xlsx, csv and an overlapping Q4 csv) for demos and
// benchmarks.
import { Command } from 'commander';
import { UsageError, type SetExitCode } from '../usage.js';

function positiveInt(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} måste vara ett heltal ≥ ${min}, fick "${value}"`);
  }
  return Number(value);
}

export function generateSampleCommand(setExitCode: SetExitCode): Command {
  return new Command('generate-sample')
    .description('skriver exempelfiler: personregister och kostnadsexport (xlsx och csv)')
    .requiredOption('--persons <n>', 'antal personer')
    .requiredOption('--rows <n>', 'antal kostnadsrader')
    .requiredOption('--out <dir>', 'katalog att skriva till')
    .option('--seed <s>', 'frö för slumpen (samma frö ger samma filer)', 'claims-sample')
    .option('--year <yyyy>', 'kalenderår för kostnadsraderna', '2025')
    .action(async (o: { persons: string; rows: string; out: string; seed: string; year: string }) => {
      const persons = positiveInt('--persons', o.persons, 1);
      const rows = positiveInt('--rows', o.rows, 0);
      const year = positiveInt('--year', o.year, 2001);
      const tty = process.stderr.isTTY;
      // Loaded on use: the generator pulls in exceljs, which the other commands need not pay for.
      const { generateSample } = await import('../../sample/generate.js');
      const result = await generateSample({
        persons,
        rows,
        outDir: o.out,
        seed: o.seed,
        year,
        onProgress: tty ? (n) => process.stderr.write(`\r${n.toLocaleString('sv-SE')} rader`) : undefined,
      });
      if (tty) process.stderr.write('\n');
      process.stdout.write(
        `${result.persons} personer, ${result.rows} kostnadsrader (${result.badRows} felaktiga med avsikt), ${result.q4Rows} rader i Q4-filen\n` +
          result.files.map((f) => `  ${f}\n`).join(''),
      );
      setExitCode(0);
    });
}
