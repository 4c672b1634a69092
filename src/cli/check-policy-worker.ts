// Worker thread entry of `check` with several policies (check-policy-channel.ts starts it): reads
// the trace file itself, from its start, and replays it under its policies, answering the batch
// boundaries of the thread that replays the others (replay/serve-policies.ts does the work).
import { parentPort, workerData } from 'node:worker_threads';
import { openInput } from '../input/open-input.js';
import { errorMessage, type FromPolicyWorker, type ToPolicyWorker } from '../replay/policy-worker-protocol.js';
import type { ReplayOptions } from '../replay/replay-options.js';
import { servePolicies } from '../replay/serve-policies.js';
import type { InputFormat } from '../trace/input.js';

/** What the policy worker is started with: the file as `check` opened it, and its policies. */
export interface PolicyWorkerData { readonly path: string; readonly from?: InputFormat; readonly options: ReplayOptions }

const { path, from, options } = workerData as PolicyWorkerData;
const port = parentPort!;
const post = (message: FromPolicyWorker): void => port.postMessage(message);
servePolicies({ post, onMessage: (listener) => port.on('message', (message: ToPolicyWorker) => listener(message)) }, () => openInput(path, { from }), options)
  .catch((error: unknown) => post(errorMessage(error)));
