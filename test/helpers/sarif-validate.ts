// Validates a SARIF log against the official SARIF 2.1.0 schema (JSON Schema draft-04).
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';

// The CommonJS module's class, under Node's ESM interop and under the bundler's.
const Ajv = (AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule;

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const ajv = new (Ajv as unknown as typeof AjvModule.default)({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** The schema's complaints about `log`, empty when it is valid. */
export function sarifErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
