#!/usr/bin/env node
// `npm run bench`: faultline's throughput and memory on generated traces, from the BUILT dist/
// (`npm run build` first; the npm script does). In one run: traces of 1 M and 10 M lock events
// generated into a temp dir; per size, in a child process, a decode-only pass with the
// project's reader and a `check` pass as `faultline check` runs it (decoding in a worker thread)
// and on one thread, then the peak RSS of a process that runs that check once, and of the child
// that ran every pass; then encode, ftrace-text (generated, and a capture's lines
// repeated) and jsonl import (each input in a child process of its own), and the dashboard's
// replay (a snapshot per batch, on one thread like the dashboard) against a one-thread `check`.
// Every rate is also given as a ratio to a baseline measured in the same run (protobufjs decode
// of the same events), so runs on busy or different machines compare. Each timed pass runs
// `--rounds` times (default 3), the kinds of pass taking turns, and the median is reported:
// single runs on a shared VM vary by tens of percent. `--json` prints one JSON object instead of
// the table.
//
// The pool shape (64 locks) and the many-locks shape (10,000 locks, window 400: manyLocksOptions)
// at each size; for the many-locks traces also protobufjs's decode of the whole file.
//
//   npm run bench [-- --json] [-- --rounds 3] [-- --sizes 1000000,10000000] [-- --shapes pool,many-locks]
//                 [-- --huge 100000000]
//
// --huge N also pipes `faultline gen --events N -o - | faultline check -` once (time, peak RSS).
// The fuzz shapes (src/gen/fuzz-shapes.ts: 100,000 tasks taking a lock each, one task holding
// 1,000,000 locks, a chain of 10,000 locks, a cycle through 10,000 locks, one task forking and
// joining 100,000) are written as RAPID std
// text and checked once each with `faultline check --policy all` under a 2 GiB address-space limit
// (time, peak RSS, findings against the expected ones); `--fuzz none` skips them, `--fuzz
// cycle,chain` runs some.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { finished } from 'node:stream/promises';
import { Writable } from 'node:stream';

// React's production build, as `faultline watch` loads it.
process.env.NODE_ENV ??= 'production';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => join(root, 'dist', path);
const bin = join(root, 'bin', 'faultline.js');
// ftrace text captured from this kernel (trace_pipe of the s2 AB/BA workload on ext4).
const CAPTURE = join(root, 'test', 'fixtures', 'ftrace', 's2-abba-full-ext4.txt');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Math.max(1, Number(value('--rounds', '3')));
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const { openInput, openInputThreaded } = await import(dist('input/open-input.js'));
const { checkInput } = await import(dist('replay/check-input.js'));

// ---- child: one text file read to its end, rounds times, as `faultline check` of it would ----
if (flag('--import-child')) {
  const path = value('--import-child');
  const runs = [];
  let events = 0;
  for (let round = 0; round < rounds; round++) {
    const t = performance.now();
    events = 0;
    for await (const batch of (await openInput(path)).batches()) events += batch.length;
    runs.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ events, ms: median(runs), runs }));
  process.exit(0);
}

// ---- child: one check of one trace, as `faultline check` runs it: its peak RSS ----------------
if (flag('--check-child')) {
  await checkInput(await openInputThreaded(value('--check-child')), ['mainline'], 'predictive');
  process.stdout.write(JSON.stringify({ peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

// ---- child: one size, decode-only then check, peak RSS of the whole child --------------------
if (flag('--child')) {
  const path = value('--child');
  const count = (r) => {
    const findings = {};
    for (const f of r.results[0].findings) findings[f.kind] = (findings[f.kind] ?? 0) + 1;
    return JSON.stringify(findings);
  };
  const runs = { decodeMs: [], checkMs: [], checkOneThreadMs: [] };
  let events = 0;
  let findings;
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    events = 0;
    for await (const batch of (await openInput(path)).batches()) events += batch.length;
    runs.decodeMs.push(performance.now() - t);
    // check as `faultline check` runs it (a .pb file decoded in a worker thread), then on one thread.
    t = performance.now();
    const result = await checkInput(await openInputThreaded(path), ['mainline'], 'predictive');
    runs.checkMs.push(performance.now() - t);
    t = performance.now();
    const oneThread = await checkInput(await openInput(path), ['mainline'], 'predictive');
    runs.checkOneThreadMs.push(performance.now() - t);
    findings ??= count(result);
    if (count(result) !== findings || count(oneThread) !== findings) throw new Error('the checks disagree');
  }
  process.stdout.write(JSON.stringify({
    events, decodeMs: median(runs.decodeMs), checkMs: median(runs.checkMs), checkOneThreadMs: median(runs.checkOneThreadMs),
    runs, findings: JSON.parse(findings), peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }));
  process.exit(0);
}

const { writeGeneratedTrace } = await import(dist('gen/write-generated-trace.js'));
const { FUZZ_SHAPES, fuzzShapeFindings, fuzzShapeLines } = await import(dist('gen/fuzz-shapes.js'));
const { generateTrace } = await import(dist('gen/generate-trace.js'));
const { createBatchGenSink } = await import(dist('gen/batch-gen-sink.js'));
const { DEFAULT_GEN_OPTIONS, expectedFindings } = await import(dist('gen/gen-options.js'));
const { createTraceWriter } = await import(dist('trace/trace-writer.js'));
const { exportJsonl } = await import(dist('import/export-jsonl.js'));
const { createWatchSession } = await import(dist('replay/watch-session.js'));
const { dashboardProps } = await import(dist('cli/dashboard-props.js'));
const { Dashboard } = await import(dist('ui/dashboard.js'));
const { INITIAL_UI } = await import(dist('ui/dashboard-keys.js'));
const React = (await import('react')).default;
const { render } = await import('ink');
const { RecordType } = await import(dist('trace/trace-schema.js'));
const { eventFromProto } = await import(dist('trace/event-proto.js'));
const { readFileSync } = await import('node:fs');

const sizes = value('--sizes', '1000000,10000000').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
const genOptions = (events) => ({ ...DEFAULT_GEN_OPTIONS, events });
// The many-locks shape: 64 tasks over 10,000 locks, each nested lock at most 400 past the one
// before (so the distinct lock pairs grow with the events), 3 planted AB/BA.
const manyLocksOptions = (events) => ({ ...DEFAULT_GEN_OPTIONS, events, tasks: 64, locks: 10_000, window: 400, depth: 4, abba: 3, abc: 0, aa: 0 });
const shapes = value('--shapes', 'pool,many-locks').split(',');
const rate = (n, ms) => n / (ms / 1000);
// This script run as a child (`--child`, `--check-child`, `--import-child`): the JSON it prints.
const runChild = (...args) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { maxBuffer: 1 << 20 }).toString());
const header = { version: 1, collector: 'bench', hostname: '', kernel: '', startUnixNs: 0n, clock: 'synthetic', meta: {} };

async function* genBatches(options) {
  const sink = createBatchGenSink();
  for (const _ of generateTrace(options, sink)) yield sink.take();
  yield sink.take();
}

// Baseline: protobufjs (the reference decoder) over the first 1 M events of the smallest trace.
function protobufjsRate(path, limit) {
  const file = readFileSync(path);
  let pos = 8;
  let events = 0;
  const t0 = performance.now();
  while (pos < file.length && events < limit) {
    let length = 0;
    let shift = 0;
    for (;;) { const b = file[pos++]; length += (b & 0x7f) * 2 ** shift; shift += 7; if (b < 0x80) break; }
    const record = RecordType.decode(file.subarray(pos, pos + length));
    pos += length;
    if (record.kind === 'batch') for (const e of record.batch.events) { eventFromProto(e); events++; }
  }
  return rate(events, performance.now() - t0);
}

// Writes `path` out to the disk, so that the kernel's writeback of a file just written does not
// run during a timed pass that reads it.
function syncFile(path) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

try {
  const results = { sizes: {}, rounds, node: process.version, load: (await import('node:os')).loadavg()[0] };
  for (const [shape, size] of shapes.flatMap((s) => sizes.map((n) => [s, n]))) {
    const options = shape === 'pool' ? genOptions(size) : manyLocksOptions(size);
    const name = shape === 'pool' ? String(size) : `${shape} ${size}`;
    const path = join(dir, `gen-${shape}-${size}.pb`);
    const t0 = performance.now();
    await writeGeneratedTrace(options, path);
    const genMs = performance.now() - t0;
    syncFile(path);
    const child = runChild('--child', path, '--rounds', String(rounds));
    // Peak RSS of a process that checks the trace once, `rounds` times (median).
    const checkPeaks = Array.from({ length: rounds }, () => runChild('--check-child', path).peakRssMiB);
    // The baseline on this very file (shapes differ in their events' sizes), once over all of it.
    const fileBaseline = shape === 'pool' ? undefined : protobufjsRate(path, Infinity);
    results.sizes[name] = {
      genEventsPerS: rate(size, genMs),
      decodeEventsPerS: rate(child.events, child.decodeMs),
      checkEventsPerS: rate(child.events, child.checkMs),
      checkOneThreadEventsPerS: rate(child.events, child.checkOneThreadMs),
      checkOverDecode: child.checkMs / child.decodeMs,
      runsMs: child.runs,
      peakRssMiB: child.peakRssMiB,
      checkPeakRssMiB: median(checkPeaks),
      findings: child.findings,
      expected: expectedFindings(options),
      ...(fileBaseline === undefined ? {} : { protobufjsDecodeEventsPerS: fileBaseline, checkOverProtobufjs: fileBaseline / rate(child.events, child.checkMs) }),
    };
  }
  results.fuzz = await fuzzShapes(value('--fuzz', FUZZ_SHAPES.join(',')));
  if (!shapes.includes('pool')) {
    // The traces' rows only (the passes below read the pool traces): JSON.
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
  const small = join(dir, `gen-pool-${sizes[0]}.pb`);
  const baseline = median(Array.from({ length: rounds }, () => protobufjsRate(small, 1_000_000)));
  results.baseline = { protobufjsDecodeEventsPerS: baseline };

  // Encode (the project's trace writer: convert/record path, object batches in), then jsonl
  // import (the same events exported, then read back) and ftrace text import: mm_filemap_fault
  // lines as trace_pipe prints them, and the lines of a capture of this kernel (syscalls,
  // faults, mmap_lock, page cache, task events) repeated to 1 M lines.
  const encodeN = 1_000_000;
  const batches = [];
  for await (const b of genBatches(genOptions(encodeN))) batches.push(b);
  const textRuns = { encodeMs: [], jsonlMs: [], ftraceMs: [] };
  for (let round = 0; round < rounds; round++) {
    const t = performance.now();
    const writer = createTraceWriter(join(dir, 'encode.pb'), header);
    for (const b of batches) await writer.write(b);
    await writer.close();
    textRuns.encodeMs.push(performance.now() - t);
  }
  await exportJsonl((async function* () { yield* batches; })(), join(dir, 'events.jsonl'));
  const ftracePath = join(dir, 'ftrace.txt');
  const ftraceN = 1_000_000;
  const stream = createWriteStream(ftracePath);
  let chunk = '';
  for (let i = 0; i < ftraceN; i++) {
    const tid = 11000 + (i % 8);
    const ts = (756 + i / 1e6).toFixed(6);
    chunk += `         bench-${tid}   (  ${tid}) [00${i % 2}] .....   ${ts}: mm_filemap_fault: dev=254:0 ino=${(0x52c00 + (i % 16)).toString(16)} ofs=${4096 * (i % 512)}\n`;
    if (chunk.length > 1 << 16) { if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r)); chunk = ''; }
  }
  stream.end(chunk);
  await finished(stream);
  const capture = readFileSync(CAPTURE, 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  const captureCopies = Math.ceil(ftraceN / capture.length);
  const capturePath = join(dir, 'capture.txt');
  writeFileSync(capturePath, `${capture.join('\n')}\n`.repeat(captureCopies));
  for (const path of [join(dir, 'events.jsonl'), ftracePath, capturePath]) syncFile(path);
  // Each text format in a process of its own, as `faultline check` reads one format per process.
  const importChild = (path) => runChild('--import-child', path, '--rounds', String(rounds));
  const jsonl = importChild(join(dir, 'events.jsonl'));
  const ftrace = importChild(ftracePath);
  const captured = importChild(capturePath);
  textRuns.jsonlMs = jsonl.runs;
  textRuns.ftraceMs = ftrace.runs;
  results.encodeEventsPerS = rate(encodeN, median(textRuns.encodeMs));
  results.jsonlLinesPerS = rate(jsonl.events, jsonl.ms);
  results.ftraceLinesPerS = rate(ftraceN, ftrace.ms);
  results.ftraceEvents = ftrace.events;
  results.ftraceCaptureLinesPerS = rate(capture.length * captureCopies, captured.ms);
  textRuns.ftraceCaptureMs = captured.runs;
  results.textRunsMs = textRuns;

  // Dashboard replay: the watch session at 'max' speed (the policy's engine, frames, the
  // dashboard's props) drawn by Ink into a 100x30 terminal that discards its output, against check,
  // on the largest trace; a first run on the smallest one loads and warms Ink and React.
  const large = join(dir, `gen-pool-${sizes[sizes.length - 1]}.pb`);
  await watchToEnd(small);
  // Alternating runs, median of each.
  const dashboardRuns = [];
  const checkRuns = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await checkInput(await openInput(large), ['mainline'], 'predictive');
    checkRuns.push(performance.now() - t);
    t = performance.now();
    await watchToEnd(large);
    dashboardRuns.push(performance.now() - t);
  }
  const dashboardMs = median(dashboardRuns);
  const checkMs = median(checkRuns);
  results.dashboardOverCheck = dashboardMs / checkMs;

  const [a, b] = sizes;
  if (b !== undefined) {
    results.rssRatio = results.sizes[b].peakRssMiB / results.sizes[a].peakRssMiB;
    results.checkRssRatio = results.sizes[b].checkPeakRssMiB / results.sizes[a].checkPeakRssMiB;
    const many = (n) => results.sizes[`many-locks ${n}`];
    if (many(a) !== undefined && many(b) !== undefined) results.manyLocksTimeRatio = (b / many(b).checkEventsPerS) / (a / many(a).checkEventsPerS);
  }

  if (value('--huge') !== undefined) {
    const n = value('--huge');
    const script = `/usr/bin/time -f '%e s %M KiB' ${process.execPath} ${bin} gen --events ${n} -o - | /usr/bin/time -f '%e s %M KiB' ${process.execPath} ${bin} check - --format json > ${join(dir, 'huge.json')}`;
    const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    // time(1) also says "Command exited with non-zero status 1" for check (findings): not a figure.
    const [gen, check] = run.stderr.trim().split('\n').filter((line) => /^[\d.]+ s \d+ KiB$/.test(line)).slice(-2);
    results.huge = { events: Number(n), gen, check, findings: JSON.parse(readFileSync(join(dir, 'huge.json'), 'utf8')).findings.map((f) => f.kind) };
  }

  if (flag('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    const m = (x) => `${(x / 1e6).toFixed(2)} M/s`;
    const row = (name, v, ratio = '') => console.log(`${name.padEnd(44)}${String(v).padStart(14)}  ${ratio}`);
    console.log(`faultline bench (node ${process.version}, load ${results.load.toFixed(1)}, median of ${rounds} rounds; ratios against protobufjs decode ${m(baseline)})`);
    for (const [size, r] of Object.entries(results.sizes)) {
      row(`${size} events: decode (project reader)`, m(r.decodeEventsPerS), `${(r.decodeEventsPerS / baseline).toFixed(1)}× baseline`);
      row(`${size} events: check (mainline, predictive)`, m(r.checkEventsPerS), `${(r.checkEventsPerS / baseline).toFixed(1)}× baseline`);
      row(`${size} events: check, one thread`, m(r.checkOneThreadEventsPerS), `${(r.checkOneThreadEventsPerS / baseline).toFixed(1)}× baseline`);
      row(`${size} events: check time / decode time`, r.checkOverDecode.toFixed(2));
      row(`${size} events: peak RSS of one check`, `${r.checkPeakRssMiB.toFixed(0)} MiB`);
      row(`${size} events: peak RSS, every pass`, `${r.peakRssMiB.toFixed(0)} MiB`);
      row(`${size} events: findings (expected)`, JSON.stringify(r.findings), JSON.stringify(r.expected));
      row(`${size} events: gen`, m(r.genEventsPerS));
      if (r.checkOverProtobufjs !== undefined) row(`${size} events: check time / protobufjs decode of it`, r.checkOverProtobufjs.toFixed(2), `(protobufjs ${m(r.protobufjsDecodeEventsPerS)})`);
    }
    if (results.rssRatio !== undefined) {
      row(`peak RSS of one check ${b} / ${a}`, results.checkRssRatio.toFixed(2));
      row(`peak RSS, every pass ${b} / ${a}`, results.rssRatio.toFixed(2));
      if (results.manyLocksTimeRatio !== undefined) row(`many-locks check time ${b} / ${a}`, results.manyLocksTimeRatio.toFixed(2));
    }
    row('ftrace text import', m(results.ftraceLinesPerS), `${(results.ftraceLinesPerS / baseline).toFixed(2)}× baseline`);
    row('ftrace text import, a capture\'s mix of lines', m(results.ftraceCaptureLinesPerS), `${(results.ftraceCaptureLinesPerS / baseline).toFixed(2)}× baseline`);
    row('jsonl import', m(results.jsonlLinesPerS), `${(results.jsonlLinesPerS / baseline).toFixed(2)}× baseline`);
    row('encode (trace writer)', m(results.encodeEventsPerS), `${(results.encodeEventsPerS / baseline).toFixed(2)}× baseline`);
    row('dashboard replay (watch --speed max, Ink) / check, one thread', results.dashboardOverCheck.toFixed(2));
    for (const [shape, r] of Object.entries(results.fuzz)) {
      row(`fuzz ${shape} ${r.n}: check --policy all`, r.check, `findings per policy ${JSON.stringify(r.findings)} (expected ${r.expected})`);
    }
    if (results.huge) row(`gen | check - of ${results.huge.events} events`, `gen ${results.huge.gen}; check ${results.huge.check}`);
  }
  if (!flag('--json')) execFileSync(process.execPath, [join(root, 'scripts', 'bench-policies.mjs'), '--events', String(Math.max(...sizes)), '--rounds', String(rounds)], { stdio: 'inherit' });
  writeFileSync(join(dir, 'done'), '');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Each fuzz shape of `list` (comma-separated, or 'none') at its full size: written as std text,
// checked once with `faultline check --policy all` under time(1) and `ulimit -v` 2 GiB; its time,
// peak RSS and the order-inversion findings of each policy against the expected count.
async function fuzzShapes(list) {
  const sizes = { 'many-tasks': 100_000, 'deep-hold': 1_000_000, chain: 10_000, cycle: 10_000, 'fork-join': 100_000 };
  const out = {};
  for (const shape of list === 'none' ? [] : list.split(',')) {
    const n = sizes[shape];
    const path = join(dir, `fuzz-${shape}.std`);
    const stream = createWriteStream(path);
    let chunk = '';
    for (const line of fuzzShapeLines(shape, n)) {
      chunk += `${line}\n`;
      if (chunk.length > 1 << 16) { if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r)); chunk = ''; }
    }
    stream.end(chunk);
    await finished(stream);
    syncFile(path);
    const report = join(dir, `fuzz-${shape}.json`);
    const script = `ulimit -v ${2 << 20}; /usr/bin/time -f '%e s %M KiB' ${process.execPath} ${bin} check --policy all --format json ${path} > ${report}`;
    const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    const check = run.stderr.trim().split('\n').filter((line) => /^[\d.]+ s \d+ KiB$/.test(line)).pop();
    const findings = JSON.parse(readFileSync(report, 'utf8')).reports.map((r) => r.findings.filter((f) => f.kind === 'order-inversion').length);
    out[shape] = { n, check, findings, expected: fuzzShapeFindings(shape, n) };
  }
  return out;
}

// Replays `path` through the watch session at 'max', drawing every frame with Ink into a
// terminal that discards its output; resolves at the end of the input.
function watchToEnd(path) {
  const terminal = new Writable({ write(_chunk, _encoding, done) { done(); } });
  Object.assign(terminal, { columns: 100, rows: 30, isTTY: true });
  const session = createWatchSession({
    source: { kind: 'file', label: path, open: () => openInput(path) },
    policy: 'mainline', replay: { semantics: 'predictive' }, speed: 'max', paused: false,
  });
  let app;
  let subscription;
  return new Promise((resolve, reject) => {
    subscription = session.state$.subscribe({
      next(state) {
        const view = React.createElement(Dashboard, { ...dashboardProps(state), ui: INITIAL_UI, width: 100, height: 30 });
        if (app === undefined) app = render(view, { stdout: terminal, patchConsole: false, exitOnCtrlC: false });
        else app.rerender(view);
        if (state.done) {
          subscription?.unsubscribe();
          session.close();
          app.unmount();
          resolve();
        }
      },
      error: reject,
    });
  });
}
