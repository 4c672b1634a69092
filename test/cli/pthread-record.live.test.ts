// `faultline record --collector pthread` for real, as root: every pthread primitive and misuse
// of test/reproducers/pthread-primitives.c, C++ standard locks (pthread-cxx.cpp) and ten threads'
// 40,000 rwlock calls (pthread-rwlock-load.c), recorded once; the recorded events of each are
// exactly the calls it made, with their outcome, the lock's type, and thread create/join/exit.
import { expect, it } from 'vitest';
import { describeLive } from '../helpers/live-requirements.js';
import {
  describeRun, LOAD_ROUNDS, LOAD_THREADS, usePthreadRecording, type PthreadProgram, type PthreadRecording,
} from '../helpers/pthread-recording.js';

// Per program, its events on its own locks and threads (describeRun's lines).
const EXPECTED: Readonly<Record<Exclude<PthreadProgram, 'load'>, readonly string[]>> = {
  timedlock: [
    'main acquire ma exclusive mutex', 'main acquire rw exclusive rwlock_prefer_reader', 'waiter task',
    'waiter acquire ma exclusive', 'waiter failed ma exclusive', 'waiter acquire rw shared', 'waiter failed rw shared', 'waiter exit',
    'main join waiter', 'main release rw exclusive', 'main release ma exclusive', 'main exit',
  ],
  clocklock: [
    'main acquire ma exclusive mutex', 'main acquire rw shared rwlock_prefer_reader', 'waiter task',
    'waiter acquire ma exclusive', 'waiter failed ma exclusive', 'waiter acquire rw exclusive', 'waiter failed rw exclusive', 'waiter exit',
    'main join waiter', 'main release rw shared', 'main release ma exclusive',
    'main acquire mb exclusive mutex', 'main release mb exclusive', 'main exit',
  ],
  trylock: [
    'main acquire ma exclusive mutex', 'main acquire rw exclusive rwlock_prefer_reader', 'waiter task',
    'waiter try_failed try ma exclusive', 'waiter try_failed try rw shared', 'waiter try_failed try rw exclusive',
    'waiter acquire try mb exclusive mutex', 'waiter release mb exclusive', 'waiter exit',
    'main join waiter', 'main release rw exclusive', 'main release ma exclusive', 'main exit',
  ],
  condwait: [
    'waiter task', 'waiter acquire ma exclusive mutex', 'waiter release ma exclusive',
    'main acquire ma exclusive', 'main release ma exclusive',
    'waiter acquire ma exclusive', 'waiter release ma exclusive', 'waiter exit', 'main join waiter', 'main exit',
  ],
  recursive: [
    'main init r exclusive mutex_recursive', 'main acquire r exclusive', 'main acquire r exclusive', 'main release r exclusive', 'main release r exclusive',
    'main acquire rs exclusive mutex_recursive', 'main acquire rs exclusive', 'main release rs exclusive', 'main release rs exclusive',
    'main destroy r exclusive', 'main exit',
  ],
  rdreenter: [
    'main init w exclusive rwlock_prefer_writer_nonrecursive',
    'main acquire rw shared rwlock_prefer_reader', 'main acquire rw shared', 'main release rw shared', 'main release rw shared',
    'main acquire w shared', 'main release w shared', 'main destroy w exclusive', 'main exit',
  ],
  reinit: [
    'main init m1 exclusive mutex', 'main init m2 exclusive mutex',
    'main acquire m1 exclusive', 'main acquire m2 exclusive', 'main release m2 exclusive', 'main release m1 exclusive',
    'main destroy m1 exclusive', 'main init m1 exclusive mutex_errorcheck robust',
    'main acquire m2 exclusive', 'main acquire m1 exclusive', 'main release m1 exclusive', 'main release m2 exclusive',
    'main destroy m1 exclusive', 'main destroy m2 exclusive', 'main exit',
  ],
  exitheld: [
    'holder task', 'holder acquire ma exclusive mutex', 'holder exit', 'main join holder',
    'main acquire ma exclusive', 'main failed ma exclusive', 'main exit',
  ],
  joinabba: [
    'ab task', 'ab acquire ma exclusive mutex', 'ab acquire mb exclusive mutex', 'ab release mb exclusive', 'ab release ma exclusive', 'ab exit',
    'main join ab',
    'ba task', 'ba acquire mb exclusive', 'ba acquire ma exclusive', 'ba release ma exclusive', 'ba release mb exclusive', 'ba exit',
    'main join ba', 'main exit',
  ],
  // pthread_spin_lock comes from faultline's own uprobe events; glibc's spin unlock is its spin
  // init, told apart in time order (typed on every one).
  spinabba: [
    'main init sa exclusive spinlock', 'main init sb exclusive spinlock',
    'ab task', 'ab acquire sa exclusive spinlock', 'ab acquire sb exclusive spinlock',
    'ab release sb exclusive spinlock', 'ab release sa exclusive spinlock', 'ab exit', 'main join ab',
    'ba task', 'ba acquire sb exclusive', 'ba acquire sa exclusive',
    'ba release sa exclusive spinlock', 'ba release sb exclusive spinlock', 'ba exit', 'main join ba',
    'main acquire try sa exclusive', 'main try_failed try sa exclusive', 'main release sa exclusive spinlock',
    'main destroy sa exclusive', 'main destroy sb exclusive', 'main exit',
  ],
  cxx: [
    'main acquire plain exclusive mutex', 'main release plain exclusive',
    'main acquire recursive exclusive mutex_recursive', 'main acquire recursive exclusive', 'main release recursive exclusive', 'main release recursive exclusive',
    'main acquire shared shared rwlock_prefer_reader', 'main acquire shared shared', 'main release shared shared', 'main release shared shared',
    'main acquire shared exclusive', 'main release shared exclusive',
    'main acquire timed exclusive mutex', 'tid task', 'tid acquire timed exclusive', 'tid failed timed exclusive', 'tid exit',
    'main join tid', 'main release timed exclusive', 'main exit',
  ],
};

describeLive('the pthread collector records every primitive', ['bpftrace', 'gcc', 'g++'], () => {
  const recorded = usePthreadRecording();

  it('records every program whole: exit 0, nothing lost, the lock layout in the header', () => {
    expect(recorded().exitCode, recorded().stderr).toBe(0);
    expect(recorded().stderr).toMatch(/recorded \d+ events \(0 lost\)/);
    expect(recorded().lost).toBe(0);
    expect(recorded().header.meta['pthread.lockTypes']).toMatch(/^glibc 2\.\d+: mutex __kind at 16, rwlock __flags at 48$/);
    expect([...recorded().runs.keys()].sort()).toEqual([...Object.keys(EXPECTED), 'load'].sort());
  });

  it.each(Object.keys(EXPECTED) as (keyof typeof EXPECTED)[])('records %s as the calls it made, with their outcomes', (name) => {
    const run = recorded().runs.get(name)!;
    // The C++ waiter thread prints no tid: it is the one unnamed thread.
    const lines = describeRun(run).map((line) => line.replace(/^tid\d+ /, 'tid ').replace(/ join tid\d+$/, ' join tid'));
    // A thread's exit event races with its joiner: the kernel wakes pthread_join (the tid cleared
    // at mm release) before sched_process_exit fires. Its place is not asserted, its presence is.
    const threadExit = (line: string): boolean => /^(?!main )\S+ exit$/.test(line);
    expect(lines.filter((line) => !line.startsWith('main task') && !threadExit(line))).toEqual(EXPECTED[name].filter((l) => !threadExit(l)));
    expect(lines.filter(threadExit).sort()).toEqual(EXPECTED[name].filter(threadExit).sort());
  });

  it('records ten threads\' 40,000 rwlock calls, every one, each thread created and joined', () => {
    const run = recorded().runs.get('load')!;
    expect(recorded().loadCalls).toBe(LOAD_THREADS * LOAD_ROUNDS * 4);
    const counts = new Map<string, number>();
    for (const line of describeRun(run)) {
      // An unlock's mode is the decoder's inference in arrival order (a thread that moved to another
      // CPU can have its unlock read before its lock): count unlocks whatever their mode.
      const key = line.replace(/^\S+ /, '').replace(/ tid\d+$/, '').replace(/ rwlock_prefer_reader$/, '')
        .replace(/^release shared (shared|exclusive)$/, 'release shared');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({
      // the process (forked by the script) and its threads; each thread and the process exit
      task: LOAD_THREADS + 1, exit: LOAD_THREADS + 1, join: LOAD_THREADS,
      'acquire shared shared': LOAD_THREADS * LOAD_ROUNDS, 'acquire shared exclusive': LOAD_THREADS * LOAD_ROUNDS,
      'release shared': 2 * LOAD_THREADS * LOAD_ROUNDS,
    });
    // events plus lost equal the calls made
    const lockEvents = [...counts].filter(([key]) => /^(acquire|release) shared/.test(key)).reduce((n, [, c]) => n + c, 0);
    expect(lockEvents + recorded().lost).toBe(recorded().loadCalls);
  });
});
