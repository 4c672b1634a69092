// A finding's title as lockdep frames it: a "=" rule, "WARNING: <title>", the line lockdep
// gives to the kernel's identity (here: policy, semantics, how often), and a "-" rule.
import type { Finding } from '../detect/finding.js';
import { wrapText } from './wrap-text.js';

// The four title lines of a finding block.
export function titleLines(title: string, finding: Finding): string[] {
  const heading = `WARNING: ${title}`;
  const found = finding.count > 1 ? `, found ${finding.count} times` : '';
  const rule = (c: string): string => c.repeat(Math.min(heading.length, 79));
  return [
    rule('='),
    heading,
    ...wrapText(`policy ${finding.policy}, semantics ${finding.semantics}${found}`),
    rule('-'),
  ];
}
