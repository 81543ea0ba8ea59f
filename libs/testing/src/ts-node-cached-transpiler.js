'use strict';
/* global __filename */
// ts-node, transpile-only, with its transpiled output cached on disk by content. Preload it instead of
// `ts-node/register/transpile-only` (node -r <this file> -r tsconfig-paths/register <entry>.ts): processes
// started from the sources (the one-process-per-service tests start five at once) then spend their start-up
// running the platform instead of each transpiling the same few hundred files again. The same file is the
// ts-node transpiler module it registers. Plain JavaScript on purpose: it runs before ts-node can load TypeScript.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const CACHE_DIR = process.env.HAMKOR_TS_CACHE_DIR || path.resolve(__dirname, '../../../.cache/ts-node-transpiled');

/** The ts-node transpiler factory: TypeScript's own transpileModule, memoised by input, file name and options. */
module.exports.create = function create({ service }) {
  const ts = require(service.projectLocalResolveHelper('typescript', true));
  const compilerOptions = service.config.options;
  const optionsKey = `${ts.version}\0${JSON.stringify(compilerOptions)}`;
  return {
    transpile(input, { fileName }) {
      const key = createHash('sha256').update(optionsKey).update('\0').update(fileName).update('\0').update(input).digest('hex');
      const file = path.join(CACHE_DIR, key.slice(0, 2), `${key}.json`);
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* not cached yet */
      }
      const out = ts.transpileModule(input, { fileName, compilerOptions, reportDiagnostics: true });
      // Only a clean result is kept: diagnostics are reported by ts-node and must show every time.
      if (!out.diagnostics || out.diagnostics.length === 0) {
        try {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const tmp = `${file}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, JSON.stringify({ outputText: out.outputText, sourceMapText: out.sourceMapText }));
          fs.renameSync(tmp, file);
        } catch {
          /* a cache that cannot be written only costs time */
        }
      }
      return out;
    },
  };
};

/**
 * ts-node loads node:repl for its REPL, and node:repl loads node:domain, which from then on makes every
 * EventEmitter of the process several times slower to create and to emit (measured 34 against 270 ns).
 * Compiled services (npm start, containers) never load it; processes run from the sources must not
 * either, or their benchmarks measure a slower platform. So ts-node gets a node:repl that loads only
 * when a REPL is actually used (ts-node touches it only inside its REPL functions).
 */
function registerWithoutRepl() {
  const Module = require('node:module');
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if ((request === 'repl' || request === 'node:repl') && parent && /[\\/]ts-node[\\/]/.test(parent.filename ?? '')) {
      let real;
      return new Proxy({}, { get: (_target, key) => (real ??= load.call(Module, request, parent, false))[key] });
    }
    return load.call(this, request, parent, isMain);
  };
  try {
    require('ts-node').register({ transpileOnly: true, transpiler: __filename });
  } finally {
    Module._load = load;
  }
}

const REGISTERED = Symbol.for('hamkor.ts-node-cached-transpiler');
if (!process[REGISTERED]) {
  process[REGISTERED] = true;
  registerWithoutRepl();
}
