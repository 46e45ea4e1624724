// SPEC §3.2: a cost line belongs to the register person whose person_id equals its person id, or
// else whose dossier number equals it.
import type { Person } from './types.js';

/** A dossier number the way a cost line's person id holds it (SPEC §4: trimmed, upper-cased). */
export function normaliseDossier(dossier: string): string {
  return dossier.trim().toUpperCase();
}

/** The register person a line's person id belongs to, or null when it is nobody in the register. */
export function personResolver(persons: ReadonlyMap<string, Person>): (linePersonId: string) => Person | null {
  const byDossier = new Map<string, Person>();
  for (const p of persons.values()) {
    if (p.dossierNumber && !byDossier.has(normaliseDossier(p.dossierNumber))) byDossier.set(normaliseDossier(p.dossierNumber), p);
  }
  return (id) => persons.get(id) ?? byDossier.get(id) ?? null;
}
