// The Perfetto messages faultline writes, loaded by reflection from schemas/perfetto-trace.proto
// (a subset of Perfetto's own definitions, same names and field numbers). The file sits two levels
// below the package root both as src/export/ and as dist/export/.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_PATH = fileURLToPath(new URL('../../schemas/perfetto-trace.proto', import.meta.url));

/** The parsed schema, package `perfetto.protos`. */
export const perfettoSchema: protobuf.Root = protobuf.loadSync(PROTO_PATH);
perfettoSchema.resolveAll();

/** `Trace`: repeated TracePacket packet = 1; a .pftrace file is one Trace. */
export const PerfettoTraceType: protobuf.Type = perfettoSchema.lookupType('perfetto.protos.Trace');
