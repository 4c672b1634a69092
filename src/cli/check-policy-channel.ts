// Starts the policy worker of `check` (check-policy-worker.ts) for a trace file: the thread that
// replays the other policies talks to it through a PolicyChannel (replay/remote-policies.ts).
import { existsSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { PolicyChannel, StartPolicyWorker } from '../replay/remote-policies.js';
import type { ReplayOptions } from '../replay/replay-options.js';
import type { InputFormat } from '../trace/input.js';
import type { PolicyWorkerData } from './check-policy-worker.js';
import { crashError, WORKER_CODE_RANGE_MB } from './run-in-worker.js';

const WORKER_SCRIPT = new URL('./check-policy-worker.js', import.meta.url);

/**
 * How to start a policy worker reading the file at `path` as `check` opens it, or undefined when
 * this build has no worker script (a run from the TypeScript sources).
 */
export function policyWorkerOf(path: string, from: InputFormat | undefined): StartPolicyWorker | undefined {
  if (!existsSync(WORKER_SCRIPT)) return undefined;
  return (options: ReplayOptions) => startPolicyWorker({ path, from, options });
}

// Its heap limit is this thread's (the check worker's: the process's, or half an address-space limit).
function startPolicyWorker(data: PolicyWorkerData): PolicyChannel {
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  const resourceLimits = { codeRangeSizeMb: WORKER_CODE_RANGE_MB, maxOldGenerationSizeMb: heapMb };
  const worker = new Worker(WORKER_SCRIPT, { workerData: data, resourceLimits });
  let closed = false;
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onFailure(listener) {
      worker.on('error', (error: Error) => listener(crashError(error, data.path, heapMb)));
      worker.on('exit', (code) => {
        if (!closed) listener(new Error(`the policy worker exited with code ${code} before the end of the trace`));
      });
    },
    async close() {
      closed = true;
      await worker.terminate();
    },
  };
}
