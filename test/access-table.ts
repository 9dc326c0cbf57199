import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

type Caller = 'anyone' | 'sign-in' | 'admin bearer' | 'cron bearer' | 'metrics bearer' | 'admin session';

export type AccessRow = {
  methods: string[];
  /** A path with {placeholders}, or an action's exported name. */
  target: string;
  kind: 'route' | 'page' | 'action';
  file: string;
  caller: Caller;
  /** 'refresh', 'add track', 'admin edit', or undefined for none. */
  rateLimit: 'refresh' | 'add track' | 'admin edit' | undefined;
};

const root = path.resolve(import.meta.dirname, '..');
const SECTION = '## Who may call what';

function callerOf(who: string): Caller {
  if (who === 'anyone') return 'anyone';
  if (/^anyone; signs in with `ADMIN_TOKEN`$/.test(who)) return 'sign-in';
  if (who === 'admin bearer `ADMIN_TOKEN`') return 'admin bearer';
  if (who === 'cron bearer `CRON_SECRET`') return 'cron bearer';
  if (/^metrics bearer `METRICS_TOKEN`/.test(who)) return 'metrics bearer';
  if (who === 'admin session cookie') return 'admin session';
  throw new Error(`README "Who may call what": unknown caller "${who}"`);
}

function rateLimitOf(text: string): AccessRow['rateLimit'] {
  if (text.startsWith('none')) return undefined;
  if (text.startsWith('refresh,')) return 'refresh';
  if (text.startsWith('add track,')) return 'add track';
  if (text.startsWith('admin edit,')) return 'admin edit';
  throw new Error(`README "Who may call what": unknown rate limit "${text}"`);
}

/** The rows of the README's "Who may call what" table. */
export function accessTable(readme: string = readFileSync(path.join(root, 'README.md'), 'utf8')): AccessRow[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README has no "${SECTION}" section`);
  const lines = readme.slice(start).split('\n');
  const table = lines.slice(lines.findIndex((line) => line.startsWith('| method'))).filter((line, index, all) => all.slice(0, index + 1).every((previous) => previous.startsWith('|')));
  return table.slice(2).map((line) => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    if (cells.length !== 5) throw new Error(`README "Who may call what": a row needs 5 cells: ${line}`);
    const [method, what, file, who, limit] = cells as [string, string, string, string, string];
    const target = what.match(/`([^`]+)`/)?.[1];
    const source = file.match(/^`([^`]+)`$/)?.[1];
    if (!target || !source) throw new Error(`README "Who may call what": no target or file in ${line}`);
    const kind = method === 'action' ? 'action' : source.endsWith('page.tsx') ? 'page' : 'route';
    return {
      methods: method === 'action' ? ['POST'] : method.split(',').map((each) => each.trim()),
      target,
      kind,
      file: source,
      caller: callerOf(who),
      rateLimit: rateLimitOf(limit),
    };
  });
}

/** Route handlers, pages and 'use server' files under app/, with the actions each 'use server' file exports. */
export function appEndpoints(): { routes: string[]; pages: string[]; actions: Array<{ file: string; name: string }> } {
  const files = (readdirSync(path.join(root, 'app'), { recursive: true }) as string[]).map((file) => path.join('app', file).split(path.sep).join('/')).sort();
  const actions = files
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      if (!/^\s*['"]use server['"]/.test(text)) return [];
      return [...text.matchAll(/^export async function (\w+)/gm)].map((match) => ({ file, name: match[1] as string }));
    });
  return {
    routes: files.filter((file) => /\/route\.tsx?$/.test(file)),
    pages: files.filter((file) => /\/page\.tsx$/.test(file)),
    actions,
  };
}
