import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envVariableNames, parseEnv } from '@/lib/env';

const example = readFileSync(path.resolve(import.meta.dirname, '..', '.env.example'), 'utf8');

/** `# NAME=value` lines. */
function listed(): Map<string, string> {
  const entries = [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map(([, name = '', value = '']) => [name, value.trim()] as const);
  return new Map(entries);
}

describe('.env.example', () => {
  it('lists every variable that lib/env.ts reads', () => {
    const names = listed();
    const missing = envVariableNames.filter((name) => !names.has(name));
    expect(missing).toEqual([]);
  });

  it('gives defaults that lib/env.ts accepts and that are its own', () => {
    const values = Object.fromEntries([...listed()].filter(([, value]) => value !== '' && !value.includes('example.com') && !value.includes('user:password')));
    const fromFile = parseEnv(values);
    const defaults = parseEnv({});
    for (const name of Object.keys(values).filter((key) => envVariableNames.includes(key))) {
      expect(fromFile[name as keyof typeof fromFile], name).toEqual(defaults[name as keyof typeof defaults]);
    }
  });
});
