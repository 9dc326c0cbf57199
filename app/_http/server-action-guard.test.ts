import { describe, expect, it } from 'vitest';
import { ACTION_BODY_MAX_BYTES, refuseMalformedServerAction } from './server-action-guard';

const fetchCall = (body: BodyInit | null, contentType = 'text/plain;charset=UTF-8'): Request =>
  new Request('http://localhost/', { method: 'POST', headers: { 'next-action': '00ab', 'content-type': contentType }, body });

async function formCall(fields: Array<[string, string | Blob]>): Promise<Request> {
  const form = new FormData();
  for (const [key, value] of fields) form.append(key, value);
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  return fetchCall(await encoded.arrayBuffer(), encoded.headers.get('content-type') ?? '');
}

describe('server action guard', () => {
  it('lets through what React sends our actions: a form after an optional previous state', async () => {
    expect(await refuseMalformedServerAction(await formCall([['_1_uuid', 'x'], ['0', '["$undefined","$K1"]']]))).toBeUndefined();
    expect(await refuseMalformedServerAction(await formCall([['_1_token', 't'], ['0', '[{"error":"$undefined","m":"$$5"},"$K1"]']]))).toBeUndefined();
    expect(await refuseMalformedServerAction(await formCall([['0', '["$K1"]']]))).toBeUndefined();
    // signOut takes no arguments: the site header's form sends `[]`.
    expect(await refuseMalformedServerAction(fetchCall('[]'))).toBeUndefined();
  });

  it('lets through requests that are not action calls', async () => {
    expect(await refuseMalformedServerAction(new Request('http://localhost/', { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }))).toBeUndefined();
    expect(await refuseMalformedServerAction(new Request('http://localhost/'))).toBeUndefined();
  });

  it.each([
    ['an empty body', fetchCall('')],
    ['no body', fetchCall(null)],
    ['text that is not JSON', fetchCall('{')],
    ['arguments that are not a form', fetchCall('[1,2]')],
    ['a reference to a row that is not there', fetchCall('["$@1","$K1"]')],
  ])('refuses %s with a 400 that says so', async (_name, request) => {
    const refused = await refuseMalformedServerAction(request);
    expect(refused?.status).toBe(400);
    expect(await refused?.json()).toEqual({ success: false, error: expect.stringMatching(/^Malformed server action request: .{10,}/) });
  });

  it('refuses forms with files, unknown fields or broken arguments', async () => {
    for (const fields of [
      [['0', '["$undefined","$K1"]'], ['_1_file', new Blob(['x'])]],
      [['0', '["$undefined","$K1"]'], ['1', '{}']],
      [['_1_uuid', 'x']],
      [['0', '["$Q1","$K1"]']],
    ] as Array<Array<[string, string | Blob]>>) {
      expect((await refuseMalformedServerAction(await formCall(fields)))?.status, JSON.stringify(fields)).toBe(400);
    }
  });

  it('refuses a body over the limit with a 413', async () => {
    expect((await refuseMalformedServerAction(fetchCall('x'.repeat(ACTION_BODY_MAX_BYTES + 1))))?.status).toBe(413);
  });
});
