import fc from 'fast-check';

/** Percent-encodes what cannot go raw on an HTTP request line, keeping every printable ASCII byte as it is. */
function onTheWire(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((byte) => (byte > 0x20 && byte < 0x7f && byte !== 0x23 && byte !== 0x3f ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** Path segments as they go on the wire: traversal, SQL, markup, broken and doubled percent-encoding, unicode, 10 KB. */
const nastySegments = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E%2F',
  '..%2f..%2f..%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%252e%252e%252f',
  '%c0%ae%c0%ae',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%ff%fe',
  "'%20OR%20'1'='1",
  "1';DROP%20TABLE%20tracks;--",
  '%27%3B%20select%20pg_sleep(10)%3B--',
  '$(id)',
  '${7*7}',
  '{{7*7}}',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '__proto__',
  'constructor',
  'NULL',
  'undefined',
  '[object%20Object]',
  'spotify%0d%0aSet-Cookie:%20x=1',
  'SPOTIFY',
  'spotify%20',
  'spotify..',
  'apple-music',
  '7d534228-5165-11e9-9375-549f35161576%00',
  '7D534228-5165-11E9-9375-549F35161576',
  '7d5342285165-11e9-9375-549f35161576',
  '{7d534228-5165-11e9-9375-549f35161576}',
  '7d534228-5165-11e9-9375-549f3516157g',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(10_240),
  '9'.repeat(400),
];

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Percent-encodings that are not UTF-8: lone continuation bytes, truncated sequences, overlong
 * forms, surrogates, bytes no UTF-8 uses, invalid hex; then any bytes at all, kept when they do not
 * decode, with valid text around them.
 */
const malformedSequences = ['%ff', '%fe%ff', '%80', '%bf', '%c3', '%c3%28', '%e2%82', '%e0%80%af', '%c0%af', '%ed%a0%80', '%ed%bf%bf', '%f4%90%80%80', '%f8%88%80%80%80', '%fc%84%80%80%80%80', '%e2%28%a1', '%f0%9f%98', '%g0', '%2', '%%', '%ZZ'];

export const malformedEncoding: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...malformedSequences),
  fc
    .uint8Array({ minLength: 1, maxLength: 12 })
    .map((bytes) => [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''))
    .filter((segment) => !decodes(segment)),
  fc
    .tuple(fc.constantFrom('', 'spotify', '7d534228-5165-11e9-9375-549f35161576', 'caf%C3%A9'), fc.constantFrom(...malformedSequences), fc.constantFrom('', 'x', '%20', '.json'))
    .map(([before, bad, after]) => `${before}${bad}${after}`),
);

export function hostileSegment(valid: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...nastySegments) },
    { weight: 1, arbitrary: malformedEncoding },
    { weight: 1, arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.constant('spotify') },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(onTheWire) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(onTheWire) },
    { weight: 1, arbitrary: fc.uuid().map((uuid) => uuid) },
  );
}

const queryKeys = ['start_date', 'end_date', 'limit', 'platforms', 'mode', 'aggregate', 'max_points', 'limit[]', 'platforms[0]', '__proto__', 'constructor', 'force_refresh', 'x'];

const queryValues = fc.oneof(
  fc.constantFrom(
    '2025-07-21',
    'daily',
    'avg28',
    'sum',
    'index',
    '2025-02-29',
    '2024-02-29',
    '2025-13-01',
    '2025-00-10',
    '0000-01-01',
    '1899-12-31',
    '9999-12-31',
    '10000-01-01',
    '-2025-01-01',
    '2025-1-1',
    '2025-07-21T00:00:00Z',
    '20250721',
    '0',
    '-1',
    '1',
    '10000',
    '10001',
    '1e3',
    '0x10',
    '2.5',
    '9'.repeat(400),
    '1e309',
    'NaN',
    'Infinity',
    '',
    ' ',
    'spotify,,apple_music',
    ',',
    'spotify,' + 'x'.repeat(200),
    Array.from({ length: 40 }, (_, index) => `p${index}`).join(','),
    "spotify'--",
    '%00',
    '%',
    'true',
    'null',
    '[]',
    '{}',
    '2',
    '400',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map(String),
);

/** A query string: known and unknown keys, repeated keys, array syntax, out-of-range dates and limits. */
export const hostileQuery: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.constantFrom(...queryKeys), queryValues), { maxLength: 5 })
  .map((pairs) =>
    pairs.length === 0 ? '' : `?${pairs.map(([key, value]) => `${onTheWire(key)}=${value.startsWith('%') ? onTheWire(value) : encodeURIComponent(value)}`).join('&')}`,
  );

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

export type HostileBody = { body: string; contentType: string | undefined };

/** Request bodies: wrong types, unknown fields, prototype keys, deep nesting, not JSON, oversized, wrong content type. */
export const hostileBody: fc.Arbitrary<HostileBody> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ body: JSON.stringify(value) ?? 'null', contentType: 'application/json' })),
  fc
    .record({
      force_refresh: fc.oneof(fc.boolean(), fc.string(), fc.integer(), fc.constant(null), fc.array(fc.boolean())),
      uuid: fc.oneof(fc.uuid(), fc.string(), fc.integer(), fc.constant(null)),
      extra: fc.anything({ maxDepth: 2 }),
    }, { requiredKeys: [] })
    .map((value) => ({ body: JSON.stringify(value), contentType: 'application/json' })),
  fc.constantFrom<HostileBody>(
    { body: '', contentType: undefined },
    { body: '{', contentType: 'application/json' },
    { body: '{"force_refresh": true,}', contentType: 'application/json' },
    { body: '{"__proto__": {"admin": true}}', contentType: 'application/json' },
    { body: '{"constructor": {"prototype": {"admin": true}}}', contentType: 'application/json' },
    { body: '{"force_refresh": "true"}', contentType: 'application/json' },
    { body: '{"uuid": "7d534228-5165-11e9-9375-549f35161576", "uuid": 1}', contentType: 'application/json' },
    { body: 'force_refresh=true', contentType: 'application/x-www-form-urlencoded' },
    { body: '<xml/>', contentType: 'text/xml' },
    { body: '{"force_refresh": false}', contentType: 'text/plain' },
    { body: nested(100_000), contentType: 'application/json' },
    { body: nested(400), contentType: 'application/json' },
    { body: `{"uuid": "${'a'.repeat(2_000_000)}"}`, contentType: 'application/json' },
    { body: `{"force_refresh": true, "pad": "${'x'.repeat(4_000)}"}`, contentType: 'application/json' },
    { body: '\u0000\u0001\u0002', contentType: 'application/json' },
    { body: '\ufeff{}', contentType: 'application/json' },
  ),
);

/** Authorization headers that are missing, wrong, or almost right: case, whitespace, prefix, scheme. */
export function almostRightAuthorizations(secret: string): string[] {
  return [
    '',
    'Bearer',
    'Bearer ',
    `Bearer ${secret.toUpperCase()}`,
    `Bearer ${secret.toLowerCase() === secret ? secret.toUpperCase() : secret.toLowerCase()}`,
    `Bearer ${secret.slice(0, -1)}`,
    `Bearer ${secret}x`,
    `Bearer ${secret.slice(0, 8)}`,
    `Bearer  ${secret} x`,
    `Bearer ${secret.slice(0, 10)} ${secret.slice(10)}`,
    `Bearer%20${secret}`,
    `Basic ${Buffer.from(`admin:${secret}`).toString('base64')}`,
    `Token ${secret}`,
    secret,
    `Bearer ${Buffer.from(secret).toString('base64')}`,
    `Bearer ${secret}\u00a0`,
    `Bearer "${secret}"`,
  ];
}
