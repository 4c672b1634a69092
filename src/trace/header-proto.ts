// Header and Footer <-> protobufjs message objects (the records around a trace's batches).
import type { Footer, Header } from './event.js';
import type { ProtoObject } from './event-proto.js';
import { bigIntFromLong, longFromBigInt, numberFromLong, type ProtoLong } from './trace-schema.js';

/** The Header of a decoded Header message. */
export function headerFromProto(message: ProtoObject): Header {
  return {
    version: message.version as number,
    collector: message.collector as string,
    hostname: message.hostname as string,
    kernel: message.kernel as string,
    startUnixNs: bigIntFromLong(message.startUnixNs as ProtoLong),
    clock: message.clock as string,
    meta: { ...(message.meta as Record<string, string> | undefined) },
  };
}

/** A plain object that HeaderType.encode writes. */
export function headerToProto(header: Header): ProtoObject {
  return { ...header, startUnixNs: longFromBigInt(header.startUnixNs), meta: { ...header.meta } };
}

/** The Footer of a decoded Footer message. */
export function footerFromProto(message: ProtoObject): Footer {
  return {
    events: numberFromLong(message.events as ProtoLong),
    lost: numberFromLong(message.lost as ProtoLong),
    complete: message.complete as boolean,
    endNs: numberFromLong(message.endNs as ProtoLong),
  };
}

/** A plain object that FooterType.encode writes. */
export function footerToProto(footer: Footer): ProtoObject {
  return { ...footer };
}
