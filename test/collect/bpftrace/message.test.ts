import { describe, expect, it } from 'vitest';
import { parseBpftraceMessage } from '../../../src/collect/bpftrace/message.js';

describe('parseBpftraceMessage', () => {
  it.each([
    { line: '{"type": "printf", "data": "attached kernel\\n"}', message: { kind: 'printf', data: 'attached kernel\n' } },
    { line: '{"type": "lost_events", "data": {"events": 42}}', message: { kind: 'lost', count: 42 } },
    { line: '{"type": "attached_probes", "data": {"probes": 30}}', message: { kind: 'attached', probes: 30 } },
    { line: '{"type": "map", "data": {"@x": {}}}', message: { kind: 'map', name: '@x', value: {} } },
    { line: '{"type": "map", "data": {"@batched": 7}}', message: { kind: 'map', name: '@batched', value: 7 } },
    { line: '{"type": "map", "data": {"@B0": {"10,7": [6, 1, "ab", 3]}}}', message: { kind: 'map', name: '@B0', value: { '10,7': [6, 1, 'ab', 3] } } },
    { line: '{"type": "map", "data": {}}', message: { kind: 'other', type: 'map' } },
    { line: '{"type": "time", "data": "12:00:00\\n"}', message: { kind: 'other', type: 'time' } },
    { line: '{"type": "lost_events", "data": {}}', message: { kind: 'unreadable', line: '{"type": "lost_events", "data": {}}' } },
    { line: 'Attaching 3 probes...', message: { kind: 'unreadable', line: 'Attaching 3 probes...' } },
    { line: '', message: undefined },
    { line: '   ', message: undefined },
  ])('reads $line', ({ line, message }) => {
    expect(parseBpftraceMessage(line)).toEqual(message);
  });
});
