/** A command line that cannot be run as given: the commands print it with their usage and exit with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
