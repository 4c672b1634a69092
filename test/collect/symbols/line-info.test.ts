// addr2line on a real object built with -g: file and line of a function, its C++ name demangled;
// an address outside the object, or no addr2line at all, gives nothing.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLineInfo } from '../../../src/collect/symbols/line-info.js';
import { readElfImage } from '../../../src/collect/symbols/elf.js';
import { describeLive } from '../../helpers/live-requirements.js';

describeLive('readLineInfo', ['g++', 'addr2line'], () => {
  let dir: string;
  let binary: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faultline-lines-'));
    const source = join(dir, 'lines.cc');
    await writeFile(source, 'namespace ns {\nint twice(int x)\n{\n  return 2 * x;\n}\n}\nint main() { return ns::twice(1); }\n');
    binary = join(dir, 'lines');
    execFileSync('g++', ['-g', '-O0', '-Wl,--build-id', '-o', binary, source]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the demangled function, file and line of an address, and the object its build-id', async () => {
    const image = readElfImage(binary)!;
    expect(image.buildId).toMatch(/^[0-9a-f]{40}$/);
    const twice = image.symbols.find((s) => s.name === '_ZN2ns5twiceEi')!;
    const [inside, outside] = await readLineInfo(binary, [twice.value + 4n, 0x7fffffffn]);
    expect(inside).toEqual({ function: 'ns::twice(int)', file: join(dir, 'lines.cc'), line: 3 });
    expect(outside).toEqual({});
  });

  it('gives nothing when addr2line cannot run', async () => {
    expect(await readLineInfo(binary, [1n], join(dir, 'no-such-addr2line'))).toEqual([{}]);
  });
});
