import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { faultline } from '../helpers/cli-run.js';

describe('faultline --help', () => {
  const commands = buildProgram().commands.map((c) => c.name());

  it('lists every command', async () => {
    const result = await faultline(['--help']);
    expect(result.exitCode).toBe(0);
    for (const name of commands) expect(result.stdout).toContain(name);
  });

  it.each(commands)('gives an example for %s', async (name) => {
    const result = await faultline([name, '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`\\$ (sudo )?faultline ${name}`));
  });
});
