import { describe, expect, it } from 'vitest';
import { nonceOfPolicy, pageContentSecurityPolicy } from './content-security-policy';

describe('nonceOfPolicy', () => {
  it('finds the nonce a page policy was built with', () => {
    const nonce = 'q1w2E3+r4/t5y6==';
    expect(nonceOfPolicy(pageContentSecurityPolicy(nonce, { development: false, imageOrigins: [] }))).toBe(nonce);
  });

  it('finds none in a missing policy or one without a nonce', () => {
    expect(nonceOfPolicy(null)).toBeUndefined();
    expect(nonceOfPolicy(`default-src 'self'`)).toBeUndefined();
  });
});
