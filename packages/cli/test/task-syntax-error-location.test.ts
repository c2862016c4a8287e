import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './cli-process';

// A syntax error in a JavaScript task or metric file is reported with its file:line:column, as a .ts file's is
// (esbuild names it): an ES module's SyntaxError from import() carries no location at all, and a CommonJS one carries
// it only in the first lines of its stack, which the one-line message left out.
const dir = mkdtempSync(path.join(tmpdir(), 'llm-eval-syntax-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataset = path.join(dir, 'qa.jsonl');
writeFileSync(dataset, JSON.stringify({ id: 'a', input: 'x', expected: 'x' }) + '\n');
writeFileSync(path.join(dir, 'ok.mjs'), 'export default (x) => x;\n');

// Line 2, column 13: the `;` after `=` (two spaces of indentation).
const esm = 'const a = 1;\n  const b = ;\nexport default async () => "x";\n';
const commonJs = 'const a = 1;\n  const b = ;\nmodule.exports = async () => "x";\n';
const files = {
  '.mjs': esm,
  '.cjs': commonJs,
  // No package.json with "type": "module" above dir: a .js file is CommonJS.
  '.js': commonJs,
};

describe.each(Object.entries(files))('a %s task with a syntax error', (ext, source) => {
  const file = path.join(dir, `bad${ext}`);
  beforeAll(() => writeFileSync(file, source));

  it('names the file, line and column of the error in the one-line message', async () => {
    const r = await runCli(['evaluate', '--task', file, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`llm-eval: --task: loading ${file} failed: ${file}:2:13: SyntaxError: Unexpected token ';'`);
  });

  it('names them as a --metric-file too', async () => {
    const r = await runCli(['evaluate', '--task', path.join(dir, 'ok.mjs'), '--metric-file', file, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:2:13: SyntaxError: Unexpected token ';'`);
  });
});

describe('a task in a "type": "module" package whose .js file has a syntax error', () => {
  it('names the file, line and column', async () => {
    const pkg = path.join(dir, 'esm-package');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{ "type": "module" }\n');
    const file = path.join(pkg, 'task.js');
    writeFileSync(file, esm);
    const r = await runCli(['evaluate', '--task', file, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`loading ${file} failed: ${file}:2:13: SyntaxError: Unexpected token ';'`);
  });
});

describe('a task that loads a module with a syntax error', () => {
  it('names the CommonJS module it requires, with line and column', async () => {
    const helper = path.join(dir, 'broken-helper.cjs');
    writeFileSync(helper, commonJs);
    const file = path.join(dir, 'requires-broken.cjs');
    writeFileSync(file, 'require("./broken-helper.cjs");\nmodule.exports = (x) => x;\n');
    const r = await runCli(['evaluate', '--task', file, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`loading ${file} failed: ${helper}:2:13: SyntaxError: Unexpected token ';'`);
  });

  it('still fails with the error message for an ES module it imports', async () => {
    writeFileSync(path.join(dir, 'broken-helper.mjs'), esm);
    const file = path.join(dir, 'uses-broken.mjs');
    writeFileSync(file, 'import "./broken-helper.mjs";\nexport default (x) => x;\n');
    const r = await runCli(['evaluate', '--task', file, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`loading ${file} failed:`);
    expect(r.stderr).toContain("Unexpected token ';'");
  });
});

// A file that ends mid-expression gave "Unexpected end of input" with no location, even with --verbose: V8 prints no
// caret for it (the line after the last, or the last line with the caret line blank), which was not read as one.
describe('a task file that ends mid-expression', () => {
  it.each([
    ['.mjs', 'export default (x) => (x\n', 2, 1],
    ['.mjs', 'export default (x) => (x', 1, 25],
    ['.cjs', 'module.exports = (x) => (x\n', 2, 1],
    ['.cjs', 'const a = 1;\nmodule.exports = (x) => [x,', 2, 28],
  ])('%s %j: names where the input ended', async (ext, source, line, column) => {
    const file = path.join(dir, `ends-early-${line}-${column}${ext}`);
    writeFileSync(file, source);
    const r = await runCli(['evaluate', '--task', file, '--dataset', dataset, '--no-store']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`llm-eval: --task: loading ${file} failed: ${file}:${line}:${column}: SyntaxError: Unexpected end of input`);
  });
});
