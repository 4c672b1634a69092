import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { FindingDetail } from '../../src/ui/finding-detail.js';
import { aReport } from '../helpers/ui-builders.js';
import { frameLines } from '../helpers/ui-frames.js';

describe('FindingDetail', () => {
  it('shows the whole report under a title saying which finding and how to go back', () => {
    const text = aReport(1, 8);
    const lines = frameLines(render(<FindingDetail text={text} index={1} count={3} width={100} rows={20} offset={0} />).lastFrame());
    expect(lines[0]).toBe('finding 2 of 3  esc back');
    expect(lines.slice(1)).toEqual(text.split('\n'));
  });

  it('scrolls a report longer than the view from the offset', () => {
    const text = aReport(0, 40);
    const lines = frameLines(render(<FindingDetail text={text} index={0} count={1} width={100} rows={6} offset={10} />).lastFrame());
    expect(lines[0]).toBe('finding 1 of 1  esc back  lines 11–15 of 40, ↑/↓ scroll');
    expect(lines.slice(1)).toEqual(text.split('\n').slice(10, 15));
  });

  it('stops scrolling at the end of the report', () => {
    const text = aReport(0, 40);
    const lines = frameLines(render(<FindingDetail text={text} index={0} count={1} width={100} rows={6} offset={99} />).lastFrame());
    expect(lines.at(-1)).toBe(' *** DEADLOCK ***');
  });

  it('keeps blank lines and expands tabs', () => {
    const lines = frameLines(render(<FindingDetail text={'a\n\n\tlock(&b);'} index={0} count={1} width={100} rows={6} offset={0} />).lastFrame());
    expect(lines.slice(1)).toEqual(['a', '', '        lock(&b);']);
  });

  it('cuts long report lines to the width', () => {
    const lines = frameLines(render(<FindingDetail text={'x'.repeat(80)} index={0} count={1} width={30} rows={6} offset={0} />).lastFrame());
    expect(lines[1]).toBe(`${'x'.repeat(29)}…`);
  });
});
