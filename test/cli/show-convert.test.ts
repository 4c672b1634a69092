import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { faultline } from '../helpers/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-convert-'));

describe('faultline show', () => {
  it('summarises a trace: counts per kind, tasks, files', async () => {
    const result = await faultline(['show', 'traces/s2-abba-apart.pb']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/dioBegin\s+2/);
    expect(result.stdout).toContain('201');
    expect(result.stdout).toContain('254:0');
  });

  it('prints the events as text', async () => {
    const result = await faultline(['show', 'traces/s1-aa.pb', '--events', '--limit', '2']);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(2);
  });

  it('waits for a slow reader of its events and prints every one', async () => {
    const trace = join(dir, 'slow.pb');
    expect((await faultline(['gen', '--events', '200000', '-o', trace])).exitCode).toBe(0);
    const child = execa('node', ['bin/faultline.js', 'show', trace, '--events'], { reject: false, buffer: { stdout: false } });
    child.stdout!.pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    let lines = 0;
    child.stdout!.on('data', (data: Buffer) => {
      for (const byte of data) if (byte === 0x0a) lines++;
    });
    child.stdout!.resume();
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines).toBeGreaterThan(200000);
  });
});

describe('faultline convert', () => {
  it('turns ftrace text into a trace that checks the same, and back into jsonl', async () => {
    const fixture = 'test/fixtures/ftrace/s2-abba-ext4.txt';
    const pb = join(dir, 's2.pb');
    expect((await faultline(['convert', fixture, '-o', pb])).exitCode).toBe(0);
    const fromText = await faultline(['check', fixture, '--policy', 'fdm', '--format', 'json']);
    const fromPb = await faultline(['check', pb, '--policy', 'fdm', '--format', 'json']);
    expect(JSON.parse(fromPb.stdout).findings).toEqual(JSON.parse(fromText.stdout).findings);
    const jsonl = join(dir, 's2.jsonl');
    expect((await faultline(['convert', pb, '-o', jsonl])).exitCode).toBe(0);
    expect(readFileSync(jsonl, 'utf8').trim().split('\n').length).toBe(JSON.parse(fromPb.stdout).input.events);
  });

  it('writes a trace to stdout with -o -', async () => {
    const result = await faultline(['convert', 'traces/rapid-abba.std', '-o', '-', '--to', 'jsonl']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(14 - 2);
  });
});
