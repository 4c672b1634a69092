import { describe, expect, it } from 'vitest';
import { parseBpftraceMessage } from '../../src/collect/bpftrace-message.js';

describe('parseBpftraceMessage', () => {
  it.each([
    { line: '{"type": "printf", "data": "attached kernel\\n"}', message: { kind: 'printf', data: 'attached kernel\n' } },
    { line: '{"type": "lost_events", "data": {"events": 42}}', message: { kind: 'lost', count: 42 } },
    { line: '{"type": "attached_probes", "data": {"probes": 30}}', message: { kind: 'attached', probes: 30 } },
    { line: '{"type": "map", "data": {"@x": {}}}', message: { kind: 'other', type: 'map' } },
    { line: '{"type": "lost_events", "data": {}}', message: { kind: 'unreadable', line: '{"type": "lost_events", "data": {}}' } },
    { line: 'Attaching 3 probes...', message: { kind: 'unreadable', line: 'Attaching 3 probes...' } },
    { line: '', message: undefined },
    { line: '   ', message: undefined },
  ])('reads $line', ({ line, message }) => {
    expect(parseBpftraceMessage(line)).toEqual(message);
  });
});
