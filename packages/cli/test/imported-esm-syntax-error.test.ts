import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A task (.mjs, or .js in a "type": "module" package) that imports an ES module with a syntax error failed with the
// bare "Unexpected token ';'": Node's SyntaxError from import() names no file, and `node --check` of the task itself
// finds nothing wrong. The message now names the broken imported file's file:line:column, found among the task's
// static imports without running any of them.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-imported-syntax-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, JSON.stringify({ id: 'a', input: 'x', expected: 'x' }) + '\n');

// Line 2, column 13: the `;` after `=` (two spaces of indentation).
const broken = 'const a = 1;\n  const b = ;\nexport default async () => "x";\n';
const evaluate = (task: string) => runCli(['evaluate', '--task', task, '--dataset', dataset, '--no-store']);

describe('a task importing an ES module with a syntax error', () => {
  it('names the imported file, line and column, two imports deep, and runs none of the modules', async () => {
    mkdirSync(path.join(dir, 'lib', 'deep'), { recursive: true });
    const bad = path.join(dir, 'lib', 'deep', 'broken.mjs');
    writeFileSync(bad, broken);
    // A fine module imported first, a package and a builtin are passed over; the side effect shows whether it ran.
    const ran = path.join(dir, 'ran.txt');
    writeFileSync(path.join(dir, 'lib', 'fine.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(ran)}, 'ran');\nexport const ok = 1;\n`);
    writeFileSync(path.join(dir, 'lib', 'helper.mjs'), 'import { ok } from "./fine.mjs";\nimport "./deep/broken.mjs";\nexport const help = ok;\n');
    const task = path.join(dir, 'task.mjs');
    writeFileSync(task, 'import path from "node:path";\nimport { help } from "./lib/helper.mjs";\nexport default (x) => x + help + path.sep;\n');
    const r = await evaluate(task);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`llm-eval: --task: loading ${task} failed: ${bad}:2:13: SyntaxError: Unexpected token ';'`);
    expect(existsSync(ran)).toBe(false);
  });

  it('names it for a .js task in a "type": "module" package, and through an import cycle', async () => {
    const pkg = path.join(dir, 'esm-package');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{ "type": "module" }\n');
    const bad = path.join(pkg, 'broken.js');
    writeFileSync(bad, broken);
    writeFileSync(path.join(pkg, 'a.js'), 'import "./task.js";\nimport "./broken.js";\nexport const a = 1;\n');
    const task = path.join(pkg, 'task.js');
    writeFileSync(task, 'import { a } from "./a.js";\nexport default (x) => x + a;\n');
    const r = await evaluate(task);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`loading ${task} failed: ${bad}:2:13: SyntaxError: Unexpected token ';'`);
  });

  it('names it as a --metric-file too', async () => {
    const bad = path.join(dir, 'metric-broken.mjs');
    writeFileSync(bad, broken);
    const metrics = path.join(dir, 'metrics.mjs');
    writeFileSync(metrics, 'import "./metric-broken.mjs";\nexport const m = () => 1;\n');
    writeFileSync(path.join(dir, 'ok.mjs'), 'export default (x) => x;\n');
    const r = await runCli(['evaluate', '--task', path.join(dir, 'ok.mjs'), '--metric-file', metrics, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:2:13: SyntaxError: Unexpected token ';'`);
  });
});
