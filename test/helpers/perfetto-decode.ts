// Decodes a .pftrace with the Perfetto message definitions and checks slice nesting per track.
import { PerfettoTraceType } from '../../src/export/perfetto-schema.js';

export interface DecodedTrackEvent {
  readonly ts: number; readonly type: number; readonly track: number; readonly name?: string;
  readonly categories: readonly string[]; readonly flowIds: readonly number[]; readonly terminatingFlowIds: readonly number[];
}
export interface DecodedTrack { readonly uuid: number; readonly parent?: number; readonly name?: string; readonly pid?: number; readonly tid?: number }
export interface DecodedPerfetto { readonly tracks: Map<number, DecodedTrack>; readonly events: DecodedTrackEvent[] }

export function decodePerfetto(bytes: Uint8Array): DecodedPerfetto {
  const trace = PerfettoTraceType.toObject(PerfettoTraceType.decode(bytes), { longs: Number, enums: Number, defaults: false }) as {
    packet?: { timestamp?: number; trustedPacketSequenceId?: number; trackDescriptor?: Record<string, any>; trackEvent?: Record<string, any> }[];
  };
  const tracks = new Map<number, DecodedTrack>();
  const events: DecodedTrackEvent[] = [];
  for (const p of trace.packet ?? []) {
    if (p.trustedPacketSequenceId === undefined) throw new Error('packet without a sequence id');
    const d = p.trackDescriptor;
    if (d !== undefined) {
      tracks.set(d.uuid, { uuid: d.uuid, parent: d.parentUuid, name: d.name, pid: d.thread?.pid ?? d.process?.pid, tid: d.thread?.tid });
    }
    const e = p.trackEvent;
    if (e !== undefined) {
      events.push({
        ts: p.timestamp ?? 0, type: e.type, track: e.trackUuid, name: e.name, categories: e.categories ?? [],
        flowIds: e.flowIds ?? [], terminatingFlowIds: e.terminatingFlowIds ?? [],
      });
    }
  }
  return { tracks, events };
}

/** Slices per track as [begin, end, name], after checking every END closes an open BEGIN and none stays open. */
export function slicesOf(decoded: DecodedPerfetto): Map<number, { begin: number; end: number; name: string; depth: number }[]> {
  const open = new Map<number, { ts: number; name: string }[]>();
  const slices = new Map<number, { begin: number; end: number; name: string; depth: number }[]>();
  let last = -Infinity;
  for (const e of decoded.events) {
    if (e.ts < last) throw new Error(`events out of order at ${e.ts}`);
    last = e.ts;
    if (!decoded.tracks.has(e.track)) throw new Error(`event on unknown track ${e.track}`);
    const stack = open.get(e.track) ?? [];
    open.set(e.track, stack);
    if (e.type === 1) stack.push({ ts: e.ts, name: e.name ?? '' });
    if (e.type === 2) {
      const begin = stack.pop();
      if (begin === undefined) throw new Error(`END without BEGIN on track ${e.track} at ${e.ts}`);
      const list = slices.get(e.track) ?? [];
      slices.set(e.track, list);
      list.push({ begin: begin.ts, end: e.ts, name: begin.name, depth: stack.length });
    }
  }
  for (const [track, stack] of open) if (stack.length > 0) throw new Error(`slice left open on track ${track}`);
  return slices;
}
