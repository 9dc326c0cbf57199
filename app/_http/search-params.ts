import { AppError } from '@/lib/errors';

/** The named query parameters as an object; a parameter given twice is refused rather than guessed at. */
export function searchParamsObject(params: URLSearchParams, keys: readonly string[]): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const key of keys) {
    const values = params.getAll(key);
    if (values.length > 1) throw new AppError('invalid_input', `${key}: given ${values.length} times; give it once`);
    const value = values[0];
    result[key] = value === undefined || value === '' ? undefined : value;
  }
  return result;
}
