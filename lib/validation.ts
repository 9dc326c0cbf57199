import type { z } from 'zod';
import { AppError } from './errors';

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Parses untrusted input; a mismatch is an invalid-input error that says which field and why. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, what?: string): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = describeIssues(parsed.error);
  throw new AppError('invalid_input', what ? `Invalid ${what}: ${details}` : details);
}
