/** Thrown by a command for bad arguments; the entry point prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
