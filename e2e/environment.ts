import { addDays, todayUtc } from '@/lib/dates';
import { demoCatalogue } from '@/lib/demo/catalogue';

/**
 * What the browser tests and the servers they run against agree on. The ports can be moved with
 * E2E_APP_PORT and E2E_SOUNDCHARTS_PORT when two runs share a machine.
 */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT || 3700);
const E2E_SOUNDCHARTS_PORT = Number(process.env.E2E_SOUNDCHARTS_PORT || 3701);
export const E2E_APP_URL = `http://127.0.0.1:${E2E_APP_PORT}`;
export const E2E_SOUNDCHARTS_URL = `http://127.0.0.1:${E2E_SOUNDCHARTS_PORT}`;

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/** The SoundCharts server serves "bad guy" and this many more tracks... */
export const SOUNDCHARTS_TRACK_COUNT = 24;
/** ...of which the database holds "bad guy" and the first this many: the rest can be added. */
export const SEEDED_TRACK_COUNT = 20;

/** The uuid of a seeded demo track, by its name. */
export function seededTrackUuid(name: string): string {
  const track = demoCatalogue({ trackCount: SEEDED_TRACK_COUNT }).find((candidate) => candidate.name === name);
  if (!track) throw new Error(`No seeded demo track is called ${name}`);
  return track.uuid;
}

/**
 * The database is seeded up to some days before today while SoundCharts has data up to today,
 * so that a refresh visibly brings new days.
 */
const SEED_LAG_DAYS = 10;

export function seedEndDate(today: string = todayUtc()): string {
  return addDays(today, -SEED_LAG_DAYS);
}
