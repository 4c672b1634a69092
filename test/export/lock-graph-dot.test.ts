import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';

// Renders DOT with Graphviz; returns the SVG's node titles and edge titles ("a->b").
async function render(dot: string): Promise<{ svg: string; nodes: string[]; edges: string[] }> {
  const { stdout: svg } = await execa('dot', ['-Tsvg'], { input: dot });
  const titles = (cls: string): string[] =>
    [...svg.matchAll(new RegExp(`<g id="[^"]*" class="${cls}">\\s*<title>([^<]*)</title>`, 'g'))].map((m) => unescapeXml(m[1]));
  return { svg, nodes: titles('node'), edges: titles('edge') };
}

function unescapeXml(s: string): string {
  return s.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&#45;/g, '-').replace(/&amp;/g, '&');
}

describe('export --to dot', () => {
  it('draws the seed AB/BA recording: --cycles keeps only the two page-cache locks and the two edges of the finding', async () => {
    const result = await faultline(['export', 'test/fixtures/ftrace/s2-abba-ext4.txt', '--to', 'dot', '--policy', 'naive', '--cycles']);
    expect(result.exitCode).toBe(0);
    const { nodes, edges, svg } = await render(result.stdout);
    expect(nodes.sort()).toEqual(['pagecache(254:0:1458185)', 'pagecache(254:0:1458186)']);
    expect(edges.sort()).toEqual(['pagecache(254:0:1458185)->pagecache(254:0:1458186)', 'pagecache(254:0:1458186)->pagecache(254:0:1458185)']);
    // Each task held one page-cache lock in BLOCK mode and requested the other's in ADD mode.
    expect(svg.match(/>block → add</g)).toHaveLength(2);
    expect(unescapeXml(svg)).toContain('s2-abba/11229');
    expect(unescapeXml(svg)).toContain('s2-abba/11230');
  });

  it('the whole graph of the bundled trace holds the cycle and the other order edges', async () => {
    const all = await render((await faultline(['export', 'traces/s2-abba-apart.pb', '--to', 'dot', '--policy', 'fdm'])).stdout);
    const cycles = await render((await faultline(['export', 'traces/s2-abba-apart.pb', '--to', 'dot', '--policy', 'fdm', '--cycles'])).stdout);
    expect(cycles.edges.sort()).toEqual(['pagecache(254:0:12)->pagecache(254:0:13)', 'pagecache(254:0:13)->pagecache(254:0:12)']);
    expect(all.edges).toEqual(expect.arrayContaining(cycles.edges));
    expect(all.edges.length).toBeGreaterThan(cycles.edges.length);
    expect(cycles.svg).toContain('block → add');
  });

  it('a lock name with quotes, backslashes and control characters cannot break the graph', async () => {
    const evil = 'a"; x -> y [label="pwn\\\u0007\n';
    const lines = [
      { ts: '1', tid: 5, pid: 5, cpu: 0, lock: { op: 'ACQUIRE', lock: '1', mode: 'EXCLUSIVE', name: evil } },
      { ts: '2', tid: 5, pid: 5, cpu: 0, lock: { op: 'ACQUIRE', lock: '2', mode: 'EXCLUSIVE', name: 'B' } },
      { ts: '3', tid: 5, pid: 5, cpu: 0, lock: { op: 'RELEASE', lock: '2', mode: 'EXCLUSIVE' } },
      { ts: '4', tid: 5, pid: 5, cpu: 0, lock: { op: 'RELEASE', lock: '1', mode: 'EXCLUSIVE' } },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-dot-')), 'evil.jsonl');
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const result = await faultline(['export', file, '--to', 'dot']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const { nodes, edges } = await render(result.stdout);
    expect(nodes).toHaveLength(2);
    expect(edges).toHaveLength(1);
    expect(nodes).toContain('B');
  });
});
