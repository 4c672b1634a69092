// A real terminal for the watch app: a detached tmux session of fixed size on its own socket,
// its screen read with capture-pane and keys sent with send-keys; waits poll with a deadline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const TMUX = '/usr/bin/tmux';
const POLL_MS = 50;

export interface TmuxPane {
  /** The screen as text, one line per row. */
  screen(): string;
  /** tmux key names (`Space`, `q`, `Enter`). */
  send(...keys: readonly string[]): void;
  /** Polls the screen until `test` holds; throws with the last screen after `timeoutMs`. */
  waitForScreen(test: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Polls until the command exited; its exit status (128 + n when signal n killed it). */
  waitForExit(timeoutMs?: number): Promise<number>;
  kill(): void;
}

/** Runs `command` (a shell command line) in `cwd` in a detached `columns`×`rows` tmux session on its own socket. */
export function startTmuxPane(command: string, cwd: string, columns = 100, rows = 30): TmuxPane {
  const socket = `faultline-test-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync(TMUX, ['-L', socket, ...args], { cwd, encoding: 'utf8' });
  // remain-on-exit from the server's config, so the screen stays to be read after the command.
  const dir = mkdtempSync(join(tmpdir(), 'faultline-tmux-'));
  const config = join(dir, 'tmux.conf');
  writeFileSync(config, 'set-option -g remain-on-exit on\n');
  // The exit status goes through a file: tmux 3.3 sometimes leaves a pane's exited process
  // unreaped (pane_dead without pane_dead_status); the shell around it always reaps it.
  const statusFile = join(dir, 'status');
  const wrapped = `${command}; echo $? > ${statusFile}`;
  tmux('-f', config, 'new-session', '-d', '-s', 'watch', '-x', String(columns), '-y', String(rows), '-c', cwd, wrapped);

  const screen = (): string => tmux('capture-pane', '-p', '-t', 'watch');
  const until = async <T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}\n--- screen ---\n${screen()}`);
      await sleep(POLL_MS);
    }
  };
  return {
    screen,
    send: (...keys) => void tmux('send-keys', '-t', 'watch', ...keys),
    waitForScreen: (test, timeoutMs = 30_000) => until(() => {
      const text = screen();
      return test(text) ? text : undefined;
    }, timeoutMs, () => String(test)),
    waitForExit: (timeoutMs = 30_000) => until(() => {
      const status = existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : '';
      return status === '' ? undefined : Number(status);
    }, timeoutMs, () => 'the process to exit'),
    kill: () => {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when dist/ is missing or older than a source file (the suite's pretest builds; a single file run may not). */
export function distIsStale(root: string): boolean {
  const built = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs));
  return newest(join(root, 'src')) > builtAt;
}
