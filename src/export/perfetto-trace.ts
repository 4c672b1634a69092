// `export --to perfetto`: the timeline as Perfetto TrackEvents (ui.perfetto.dev). A process track per
// pid, a thread track per task carrying its waits, faults and findings; each task's held locks and
// DIOs sit on child tracks, one per lane, so slices on every track nest; a finding's points on the
// tasks of its cycle are joined by one flow.
import type { Finding } from '../detect/finding.js';
import type { Timeline } from './lock-timeline.js';
import { PerfettoTraceType } from './perfetto-schema.js';
import { timelineMarks } from './timeline-marks.js';

const SEQUENCE_ID = 1;
const SEQ_INCREMENTAL_STATE_CLEARED = 1;
const TYPE_SLICE_BEGIN = 1;
const TYPE_SLICE_END = 2;
const TYPE_INSTANT = 3;

/** The encoded `perfetto.protos.Trace` of `timeline` and `findings`. */
export function perfettoTrace(timeline: Timeline, findings: readonly Finding[]): Uint8Array {
  const packets: object[] = [];
  let nextUuid = 1;
  const processUuid = new Map<number, number>();
  const threadUuid = new Map<number, number>();
  const laneUuid = new Map<string, number>();
  const descriptor = (track: object): void => {
    packets.push({ trustedPacketSequenceId: SEQUENCE_ID, ...(packets.length === 0 ? { sequenceFlags: SEQ_INCREMENTAL_STATE_CLEARED } : {}), trackDescriptor: track });
  };

  for (const task of timeline.tasks.values()) {
    if (!processUuid.has(task.pid)) {
      const uuid = nextUuid++;
      processUuid.set(task.pid, uuid);
      const leader = timeline.tasks.get(task.pid);
      descriptor({ uuid, process: { pid: task.pid, processName: leader?.comm || task.comm } });
    }
  }
  for (const task of timeline.tasks.values()) {
    const uuid = nextUuid++;
    threadUuid.set(task.tid, uuid);
    descriptor({ uuid, thread: { pid: task.pid, tid: task.tid, threadName: task.comm } });
  }
  for (const span of timeline.spans) {
    if (span.kind === 'wait') continue;
    const key = `${span.tid} ${span.kind} ${span.lane}`;
    if (laneUuid.has(key)) continue;
    const uuid = nextUuid++;
    laneUuid.set(key, uuid);
    descriptor({ uuid, parentUuid: threadUuid.get(span.tid), name: `${span.kind === 'held' ? 'held' : 'dio'} ${span.lane}` });
  }

  for (const mark of timelineMarks(timeline, findings)) {
    if (mark.kind === 'instant') {
      const flow = mark.flow === undefined ? {} : mark.flow.last ? { terminatingFlowIds: [mark.flow.id] } : { flowIds: [mark.flow.id] };
      event(mark.ts, { type: TYPE_INSTANT, trackUuid: threadUuid.get(mark.tid), categories: [mark.category], name: mark.name, ...flow });
      continue;
    }
    const { span } = mark;
    const track = span.kind === 'wait' ? threadUuid.get(span.tid) : laneUuid.get(`${span.tid} ${span.kind} ${span.lane}`);
    if (mark.kind === 'begin') {
      const args = span.mode === undefined ? {} : { debugAnnotations: [{ name: 'mode', stringValue: span.mode }] };
      event(mark.ts, { type: TYPE_SLICE_BEGIN, trackUuid: track, categories: [span.kind], name: span.name, ...args });
    } else {
      event(mark.ts, { type: TYPE_SLICE_END, trackUuid: track });
    }
  }
  return PerfettoTraceType.encode(PerfettoTraceType.fromObject({ packet: packets })).finish();

  function event(ts: number, trackEvent: object): void {
    packets.push({ timestamp: ts, trustedPacketSequenceId: SEQUENCE_ID, trackEvent });
  }
}
