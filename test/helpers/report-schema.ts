// Validates JSON reports (check --format json) against schemas/report.schema.json with ajv.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { JsonReport } from '../../src/report/format-json-report.js';

const SCHEMA = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(SCHEMA);

/** The schema's errors for `value` as one line each; empty when it is a valid report. */
export function reportSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** `value` as a JsonReport; throws naming the schema errors when it is not one. */
export function assertValidReport(value: unknown): JsonReport {
  const errors = reportSchemaErrors(value);
  if (errors.length > 0) throw new Error(`report does not match schemas/report.schema.json:\n${errors.join('\n')}`);
  return value as JsonReport;
}
