// An error as it may be recorded or logged: its kind and code (`SqliteError SQLITE_BUSY`), never its
// message, which may quote the data that caused it.
export function errorLabel(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${name} ${code}` : name;
}
