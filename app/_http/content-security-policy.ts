/**
 * The policy of every page: scripts only with this request's nonce (Next.js puts it on its own
 * scripts when it finds it in the request's policy, see proxy.ts) and what they load; styles from
 * our origin or with the nonce, style attributes allowed because React renders them; images from
 * our origin, data URLs, https, and the SoundCharts origin that serves covers.
 */
export function pageContentSecurityPolicy(nonce: string, options: { development: boolean; imageOrigins: readonly string[] }): string {
  const scripts = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  // React's development build rebuilds server error stacks with eval; production never evaluates strings.
  if (options.development) scripts.push(`'unsafe-eval'`);
  return [
    `default-src 'self'`,
    `script-src ${scripts.join(' ')}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-attr 'unsafe-inline'`,
    `img-src ${[`'self'`, 'data:', 'blob:', 'https:', ...options.imageOrigins].join(' ')}`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** The nonce proxy.ts put in the request's policy, for the layout's own inline script. */
export function nonceOfPolicy(policy: string | null): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=]+)'/)?.[1];
}
