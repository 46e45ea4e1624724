// The `claims` command line: parses arguments and hands over to one module per command.
// Exit codes: 0 ran, 1 --strict with rejected rows, 2 unreadable file or wrong argument, 3 some
// documents could not be drawn (SPEC §6.1); 70 an internal error that prevents claims.json.
import { Command, CommanderError } from 'commander';
import { commanderOutput } from './commander-output.js';
import { commandsFor } from './commands/index.js';
import { UsageError } from './usage.js';
import { printable } from '../util/printable.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('claims')
    .description('Ersättningsansökningar till Migrationsverket för vård av asylsökande och nyanlända')
    .exitOverride()
    .configureOutput(commanderOutput);
  for (const entry of commandsFor(argv)) {
    const make = await entry.load();
    const cmd = make((code) => {
      exitCode = code;
    });
    cmd.exitOverride().configureOutput(commanderOutput);
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
      process.stderr.write(`claims: ${printable(err.message)}\n`);
      return 2;
    }
    throw err;
  }
  return exitCode;
}
