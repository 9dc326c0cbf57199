import { closeDatabase } from '@/db/client';
import { isAppError } from '@/lib/errors';
import { UsageError } from './usage-error';

type Help = { mode: 'help' };

export type CommandSpec<Command extends { mode: string }> = {
  /** How failures are prefixed on stderr. */
  name: string;
  usage: string;
  /** Reads the arguments; a UsageError says what is wrong with them. */
  parse: (argv: readonly string[]) => Command | Help;
  /** Does the work and returns the exit code. */
  run: (command: Command) => Promise<number>;
};

/**
 * The life of a command: a usage error prints the message and the usage (exit 2), --help the usage
 * (exit 0); a failure of the run one line (exit 1); the database is closed whatever happens. The
 * command reports what happens itself, so the app's JSON log is silenced unless LOG_LEVEL asks for it.
 */
export async function commandMain<Command extends { mode: string }>(spec: CommandSpec<Command>, argv: readonly string[]): Promise<number> {
  process.env.LOG_LEVEL ||= 'silent';
  let command: Command | Help;
  try {
    command = spec.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${spec.usage}\n`);
    return 2;
  }
  if (command.mode === 'help') {
    process.stdout.write(`${spec.usage}\n`);
    return 0;
  }
  try {
    return await spec.run(command as Command);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${spec.name}: ${isAppError(error) || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await closeDatabase();
  }
}
