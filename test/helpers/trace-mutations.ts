// Mutations of sample traces for fuzzing (fast-check arbitraries): cuts, bit flips, overwritten
// and inserted bytes, record lengths that lie, gzip; over every sample of every input format.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

const repoFile = (path: string): string => new URL(`../../${path}`, import.meta.url).pathname;

/** Every sample trace of every format: traces/*.pb, *.jsonl, *.std and the ftrace fixtures. */
export const SAMPLE_TRACES: readonly string[] = [
  ...readdirSync(repoFile('traces')).filter((name) => /\.(pb|jsonl|std)$/.test(name)).map((name) => `traces/${name}`),
  ...readdirSync(repoFile('test/fixtures/ftrace')).map((name) => `test/fixtures/ftrace/${name}`),
].sort();

/** One change to a trace's bytes; positions are taken modulo the length. */
export type Mutation =
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'overwrite'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array };

// Bytes a parser trips on: huge varints, a record length of 256 MiB, NULs, escapes, braces.
const NASTY: readonly Uint8Array[] = [
  [0xff, 0xff, 0xff, 0xff, 0x0f], [0x80, 0x80, 0x80, 0x80, 0x01], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x00], [0x1b, 0x5b, 0x32, 0x4a], [0x0a, 0x0a, 0x0a], Buffer.from('{"__proto__":{}}\n'), Buffer.from('"constructor"'),
].map((bytes) => Uint8Array.from(bytes));

const bytesArb = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 24 }), fc.constantFrom(...NASTY));

/** A mutation. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: bytesArb }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: bytesArb }),
);

/** A sample trace, one to four mutations, and whether the result is gzipped. */
export const mutatedTraceArb = fc.record({
  trace: fc.constantFrom(...SAMPLE_TRACES),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  gzip: fc.boolean(),
});

function apply(bytes: Buffer, m: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : m.at % bytes.length;
  switch (m.kind) {
    case 'cut': return bytes.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(bytes);
      if (out.length > 0) out[at] ^= 1 << m.bit;
      return out;
    }
    case 'overwrite': {
      const out = Buffer.from(bytes);
      out.set(m.bytes.subarray(0, Math.max(0, out.length - at)), at);
      return out;
    }
    case 'insert': return Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
  }
}

/** The bytes of `trace` after `mutations`, gzipped when asked. */
export function mutatedBytes(case_: { readonly trace: string; readonly mutations: readonly Mutation[]; readonly gzip: boolean }): Buffer {
  const bytes = case_.mutations.reduce(apply, readFileSync(repoFile(case_.trace)));
  return case_.gzip ? gzipSync(bytes) : bytes;
}
