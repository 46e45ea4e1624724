// A file that cannot be read at all: its message (Swedish, no file content) is what the user sees.
export class UnreadableFileError extends Error {}
