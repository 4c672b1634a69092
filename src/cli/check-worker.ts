// Worker thread entry of `faultline check`: runs the check's body (run-check.ts, unchanged) off
// the main thread, so that a trace whose replay exhausts the heap ends this thread, not the
// process, and the main thread reports it (run-in-worker.ts). Its stdout is forwarded to the
// process's; its result or error goes back as one message.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../trace/errors.js';
import type { CheckOptions } from './check-command.js';
import type { WorkerOutcome } from './run-in-worker.js';
import { runCheck } from './run-check.js';

/** What the check worker is started with. */
export interface CheckWorkerData { readonly trace: string; readonly options: CheckOptions }

const { trace, options } = workerData as CheckWorkerData;
const post = (outcome: WorkerOutcome): void => parentPort!.postMessage(outcome);
runCheck(trace, options).then(
  (code) => post({ kind: 'done', code }),
  (error: unknown) => post(error instanceof Error
    ? { kind: 'error', name: error.name, message: error.message, file: error instanceof InputError ? error.file : undefined }
    : { kind: 'error', name: 'Error', message: String(error) }),
);
