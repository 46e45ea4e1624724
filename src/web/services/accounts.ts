// Signing in and managing users, each step audited (who, what, which user, how it went). A wrong
// name and a wrong password give the same answer and take the same time.
import { audit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import { type Role, type User, UserExistsError, addUser, credentialsOf, setUserDisabled, setUserPassword, setUserRole } from '../../store/users.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../passwords.js';

export async function checkSignIn(db: Db, name: string, password: string): Promise<User | null> {
  const found = credentialsOf(db, name);
  const ok = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!found || !ok || found.user.disabled) {
    // The name is logged only when it is a user's: a mistyped password in the name field stays out.
    audit(db, { user: found ? found.user.name : null, action: 'inloggning', object: null, outcome: 'refused' });
    return null;
  }
  audit(db, { user: found.user.name, action: 'inloggning', object: null, outcome: 'ok' });
  return found.user;
}

export function recordSignOut(db: Db, user: User): void {
  audit(db, { user: user.name, action: 'utloggning', object: null, outcome: 'ok' });
}

export type AdminResult = { ok: true } | { ok: false; message: string };

export async function createUser(db: Db, actor: string | null, input: { name: string; role: Role; password: string }): Promise<AdminResult> {
  const problem = passwordProblem(input.password);
  if (problem) return { ok: false, message: problem };
  try {
    addUser(db, { name: input.name, role: input.role, passwordHash: await hashPassword(input.password) });
  } catch (err) {
    if (err instanceof UserExistsError) {
      audit(db, { user: actor, action: 'användare skapad', object: input.name, outcome: 'refused' });
      return { ok: false, message: `Det finns redan en användare som heter ${input.name}.` };
    }
    throw err;
  }
  audit(db, { user: actor, action: `användare skapad (${input.role})`, object: input.name, outcome: 'ok' });
  return { ok: true };
}

export function disableUser(db: Db, actor: string | null, name: string, disabled: boolean): AdminResult {
  const ok = setUserDisabled(db, name, disabled);
  audit(db, { user: actor, action: disabled ? 'användare avstängd' : 'användare återaktiverad', object: name, outcome: ok ? 'ok' : 'failed' });
  return ok ? { ok: true } : { ok: false, message: `Det finns ingen användare som heter ${name}.` };
}

export function changeRole(db: Db, actor: string, name: string, role: Role): AdminResult {
  const ok = setUserRole(db, name, role);
  audit(db, { user: actor, action: `roll ändrad till ${role}`, object: name, outcome: ok ? 'ok' : 'failed' });
  return ok ? { ok: true } : { ok: false, message: `Det finns ingen användare som heter ${name}.` };
}

export async function resetPassword(db: Db, actor: string, name: string, password: string): Promise<AdminResult> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, message: problem };
  const ok = setUserPassword(db, name, await hashPassword(password));
  audit(db, { user: actor, action: 'lösenord återställt', object: name, outcome: ok ? 'ok' : 'failed' });
  return ok ? { ok: true } : { ok: false, message: `Det finns ingen användare som heter ${name}.` };
}
