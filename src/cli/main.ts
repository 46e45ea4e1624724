// The `claims` command line: parses arguments and hands over to one module per command.
// Exit codes: 0 ran, 1 --strict with rejected rows, 2 unreadable file or wrong argument, 3 some
// documents could not be drawn (SPEC §6.1); 70 an internal error that prevents claims.json.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { UsageError } from './usage.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  // One line on stderr for every usage error; addCommand does not pass this on, so each command gets it.
  const output = {
    writeErr: (s: string) => process.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => write(`claims: ${s.replace(/^error: /, '').trim()}\n`),
  };
  const program = new Command('claims')
    .description('Ersättningsansökningar till Migrationsverket för vård av asylsökande och nyanlända')
    .exitOverride()
    .configureOutput(output);
  for (const make of commands) {
    const cmd = make((code) => {
      exitCode = code;
    });
    cmd.exitOverride().configureOutput(output);
    program.addCommand(cmd);
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`claims: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  return exitCode;
}
