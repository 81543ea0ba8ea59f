import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { V8_FLAGS } from '../src/v8-flags';

/**
 * V8's code-cache tag hashes every flag in force, so a process whose tag equals that of a node started
 * with the flags on its command line runs with them.
 */
const tagOf = (nodeArgs: string[], script: string): string =>
  execFileSync(process.execPath, [...nodeArgs, '-e', `${script}; process.stdout.write(String(require('node:v8').cachedDataVersionTag()))`], {
    cwd: resolve(__dirname, '../../..'),
    encoding: 'utf8',
  });

describe('applyV8Flags', () => {
  it('puts the V8 flags in force in the running process, as if node had been started with them', () => {
    const transpiled = ['-r', resolve(__dirname, '../../testing/src/ts-node-cached-transpiler.js')];
    const applied = tagOf(transpiled, `require(${JSON.stringify(resolve(__dirname, '../src/v8-flags.ts'))}).applyV8Flags()`);
    const plain = tagOf([], '');
    const onCommandLine = tagOf([...V8_FLAGS], '');
    expect(onCommandLine).not.toBe(plain);
    expect(applied).toBe(onCommandLine);
  });

  it('turns allocation-site pretenuring off', () => {
    expect(V8_FLAGS).toContain('--no-allocation-site-pretenuring');
  });
});
