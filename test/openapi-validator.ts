import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const BASE = 'https://audience.test/openapi.json';

const pointerPart = (part: string): string => part.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Validates bodies against the schemas of an OpenAPI document with ajv (an implementation of JSON
 * Schema 2020-12 that shares no code with zod), resolving the document's own `$ref`s.
 */
export function documentValidator(document: object): (pointer: readonly string[]) => ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: BASE });
  const cache = new Map<string, ValidateFunction>();
  return (pointer) => {
    const ref = `${BASE}#/${pointer.map(pointerPart).join('/')}`;
    let validate = cache.get(ref);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: ref });
      cache.set(ref, validate);
    }
    return validate;
  };
}
