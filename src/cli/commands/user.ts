// `claims user add NAME --role ROLE [--password-file FILE] [--db FILE]` and `claims user disable
// NAME [--db FILE]`: the web application's users. Without --password-file the password is asked
// for twice at a hidden prompt; it is never an argument (it would end up in the shell history).
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { openDb } from '../../store/db.js';
import { ROLES, type Role } from '../../store/users.js';
import { dbOption } from '../options.js';
import { UsageError, type SetExitCode } from '../usage.js';

/** Reads a line from the terminal without echoing it. */
async function hiddenPrompt(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new UsageError('ingen terminal att fråga efter lösenordet i: ange --password-file');
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          resolve(text);
          return;
        }
        if (ch === '\u0003') {
          done();
          reject(new UsageError('avbrutet'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

async function passwordFrom(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    // The first line, without its line break.
    return readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
  }
  const first = await hiddenPrompt('Lösenord: ');
  const again = await hiddenPrompt('Lösenord igen: ');
  if (first !== again) throw new UsageError('lösenorden är inte lika');
  return first;
}

export function userCommand(setExitCode: SetExitCode): Command {
  const cmd = new Command('user').description('användare av webben (claims serve)');
  cmd
    .command('add')
    .description('lägger till en användare')
    .argument('<name>', 'användarnamn')
    .addOption(new Option('--role <role>', 'roll').choices([...ROLES]).makeOptionMandatory())
    .option('--password-file <file>', 'fil vars första rad är lösenordet (annars frågas det efter)')
    .addOption(dbOption())
    .action(async (name: string, o: { role: Role; passwordFile?: string; db: string }) => {
      const { createUser } = await import('../../web/services/accounts.js');
      if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(name))
        throw new UsageError('användarnamnet får bara ha bokstäver, siffror, punkt, bindestreck och understreck (2–64 tecken)');
      const password = await passwordFrom(o.passwordFile);
      const db = openDb(o.db);
      try {
        const result = await createUser(db, 'cli', { name, role: o.role, password });
        if (!result.ok) throw new UsageError(result.message);
        process.stdout.write(`${name}: tillagd med rollen ${o.role}\n`);
        setExitCode(0);
      } finally {
        db.close();
      }
    });
  cmd
    .command('disable')
    .description('stänger av en användare (och avslutar dess inloggningar)')
    .argument('<name>', 'användarnamn')
    .addOption(dbOption())
    .action(async (name: string, o: { db: string }) => {
      const { disableUser } = await import('../../web/services/accounts.js');
      const db = openDb(o.db);
      try {
        const result = disableUser(db, 'cli', name, true);
        if (!result.ok) throw new UsageError(result.message);
        process.stdout.write(`${name}: avstängd\n`);
        setExitCode(0);
      } finally {
        db.close();
      }
    });
  return cmd;
}
