import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS, createSessionToken, sessionKey, verifySessionToken } from './admin-session';

const adminToken = 'a-very-long-admin-token-for-tests';
const key = sessionKey({ adminToken, sessionSecret: undefined })!;

describe('admin session tokens', () => {
  it('round-trip, and expire after the session lifetime', async () => {
    const now = new Date('2025-07-21T10:00:00Z');
    const { token, session } = await createSessionToken(key, now);
    expect(await verifySessionToken(token, key, now)).toEqual(session);
    expect(session.expiresAt.getTime() - now.getTime()).toBe(SESSION_TTL_SECONDS * 1000);
    const later = new Date(now.getTime() + (SESSION_TTL_SECONDS + 1) * 1000);
    expect(await verifySessionToken(token, key, later)).toBeUndefined();
  });

  it('need no secret besides ADMIN_TOKEN, and change with either secret', () => {
    expect(sessionKey({ adminToken: undefined, sessionSecret: 'x'.repeat(40) })).toBeUndefined();
    const withSecret = sessionKey({ adminToken, sessionSecret: 's'.repeat(40) })!;
    const otherToken = sessionKey({ adminToken: `${adminToken}-rotated`, sessionSecret: undefined })!;
    expect(Buffer.from(withSecret).equals(Buffer.from(key))).toBe(false);
    expect(Buffer.from(otherToken).equals(Buffer.from(key))).toBe(false);
    expect(key).toHaveLength(32);
  });

  it('refuse a token signed with another key, altered, unsigned, or missing', async () => {
    const { token } = await createSessionToken(key);
    const otherKey = sessionKey({ adminToken: 'another-admin-token-entirely', sessionSecret: undefined })!;
    expect(await verifySessionToken(token, otherKey)).toBeUndefined();
    const [header, payload, signature] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'root' })).toString('base64url');
    expect(await verifySessionToken(`${header}.${altered}.${signature}`, key)).toBeUndefined();
    const unsigned = new UnsecuredJWT({}).setSubject('admin').setJti('x').setIssuer('audience').setAudience('audience-admin').setIssuedAt().setExpirationTime('1h').encode();
    expect(await verifySessionToken(unsigned, key)).toBeUndefined();
    expect(await verifySessionToken(undefined, key)).toBeUndefined();
    expect(await verifySessionToken(token, undefined)).toBeUndefined();
  });

  it('refuse a validly signed token made for another audience', async () => {
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin')
      .setJti('x')
      .setIssuer('audience')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    expect(await verifySessionToken(foreign, key)).toBeUndefined();
  });
});
