// A readable trace input of any supported format, read as a stream of batches.
import type { Batch, Header } from './event.js';
import type { TraceSymbols } from './trace-symbols.js';

export type InputFormat = 'pb' | 'ftrace' | 'jsonl' | 'std';
export const INPUT_FORMATS: readonly InputFormat[] = ['pb', 'ftrace', 'jsonl', 'std'];

/** A line or record that could not be read: counted, and the first few kept with their place. */
export interface SkippedItem { readonly line?: number; readonly offset?: number; readonly reason: string }

/** What is known about an input; `events`, `lost`, `complete`, `skipped` are final once `batches` ends. */
export interface InputInfo {
  readonly path: string;
  readonly format: InputFormat;
  header?: Header;
  events: number;
  lost: number;
  /** False for a .pb trace without its footer (truncated); text formats are complete when read to the end. */
  complete: boolean;
  skipped: number;
  readonly skippedSamples: SkippedItem[];
  /** Stacks, symbols and file paths the trace carries (Symbols records; empty for text formats), filled as it is read. */
  readonly symbols?: TraceSymbols;
}

export interface TraceInput {
  readonly info: InputInfo;
  /** The events, in batches. Throws InputError at the end when no event at all could be read. */
  batches(): AsyncIterable<Batch>;
}
