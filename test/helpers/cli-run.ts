// Runs the built command line (dist/, made by `npm test`'s pretest) as a child process.
import { execa } from 'execa';

export interface CliResult { readonly exitCode: number; readonly stdout: string; readonly stderr: string }

export async function faultline(args: readonly string[], input?: string | Buffer): Promise<CliResult> {
  const result = await execa('node', ['bin/faultline.js', ...args], { reject: false, input, stripFinalNewline: false });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
