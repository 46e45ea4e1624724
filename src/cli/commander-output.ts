// commander's error messages as the rest of `claims` writes errors: one line on stderr, in
// Swedish, after `claims: `. Set on the program and on every subcommand (commands added with
// addCommand do not inherit the program's output settings).
import { printable } from '../util/printable.js';

type Translate = (m: RegExpMatchArray) => string;

const didYouMean = (m: RegExpMatchArray, i: number) => (m[i] ? ` (menade du ${m[i]}?)` : '');

const TRANSLATIONS: [RegExp, Translate][] = [
  [/^unknown option '(.*?)'(?:\s*\(Did you mean (?:one of )?(.+)\?\))?$/s, (m) => `okänd flagga '${m[1]}'${didYouMean(m, 2)}`],
  [/^unknown command '(.*?)'(?:\s*\(Did you mean (?:one of )?(.+)\?\))?$/s, (m) => `okänt kommando '${m[1]}'${didYouMean(m, 2)}`],
  [/^missing required argument '(.*)'$/, (m) => `argumentet ${m[1]} saknas`],
  [/^option '(.*)' argument missing$/, (m) => `flaggan ${m[1]} behöver ett värde`],
  [/^required option '(.*)' not specified$/, (m) => `flaggan ${m[1]} måste anges`],
  [
    /^too many arguments(?: for '(.*?)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (m) => `för många argument${m[1] ? ` till ${m[1]}` : ''}: högst ${m[2]}, fick ${m[3]}`,
  ],
  [/^(.*) cannot be used with (.*)$/, (m) => `${m[1]} kan inte användas tillsammans med ${m[2]}`],
];

/** A commander error message → one Swedish line (unknown messages kept, on one line). */
export function commanderMessage(raw: string): string {
  const text = raw.replace(/^error: /, '').trim();
  for (const [re, translate] of TRANSLATIONS) {
    const m = text.match(re);
    if (m) return printable(translate(m).replace(/\s*\n\s*/g, ' '));
  }
  return printable(text.replace(/\s*\n\s*/g, ' '));
}

export const commanderOutput = {
  writeErr: (s: string) => process.stderr.write(s),
  outputError: (s: string, write: (s: string) => void) => write(`claims: ${commanderMessage(s)}\n`),
};
