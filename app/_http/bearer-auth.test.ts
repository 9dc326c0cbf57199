import { describe, expect, it } from 'vitest';
import { rejectUnlessBearer, secretsMatch } from './bearer-auth';

const secret = 'correct-horse-battery-staple-42';
const request = (authorization?: string): Request =>
  new Request('http://localhost/x', { headers: authorization === undefined ? {} : { authorization } });

describe('bearer authentication', () => {
  it('lets the exact secret through, with any case of the scheme', () => {
    expect(rejectUnlessBearer(request(`Bearer ${secret}`), secret, 'ADMIN_TOKEN')).toBeUndefined();
    expect(rejectUnlessBearer(request(`bearer ${secret}`), secret, 'ADMIN_TOKEN')).toBeUndefined();
  });

  it('answers 401 with a challenge when the token is missing, malformed or wrong', async () => {
    const attempts = [undefined, '', 'Bearer', `Basic ${secret}`, `Bearer ${secret}x`, `Bearer ${secret.slice(0, -1)}`, `Bearer ${secret.toUpperCase()}`, `Bearer ${secret} extra`, `${secret}`];
    for (const authorization of attempts) {
      const denied = rejectUnlessBearer(request(authorization), secret, 'ADMIN_TOKEN');
      expect(denied?.status, String(authorization)).toBe(401);
      expect(denied?.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await denied?.json()).toEqual({ success: false, error: expect.stringMatching(/bearer|Authentication/i) });
    }
  });

  it('answers 503 when the secret is not configured, whatever is sent', async () => {
    const denied = rejectUnlessBearer(request(`Bearer ${secret}`), undefined, 'CRON_SECRET');
    expect(denied?.status).toBe(503);
    expect(await denied?.json()).toEqual({ success: false, error: expect.stringContaining('CRON_SECRET is not configured') });
  });

  it('compares digests, so secrets of different lengths compare without throwing', () => {
    expect(secretsMatch('a', 'a much longer secret')).toBe(false);
    expect(secretsMatch(secret, secret)).toBe(true);
  });
});
