// `npm run package`: a production build, the third-party notices checked against it, then the
// VSIX with @vscode/vsce (no warning suppressed), its contents checked (scripts/vsixContents.mjs)
// and its size. Everything the extension runs is bundled by esbuild, so the VSIX carries no
// node_modules.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryPath, vsixProblems } from './vsixContents.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const out = path.join(repo, `${manifest.name}-${manifest.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: repo, stdio: 'inherit' });

run(process.execPath, ['esbuild.js', '--production']);
run(process.execPath, ['scripts/notices.mjs', '--check']);
run(process.execPath, ['scripts/icon.mjs', '--check']);
run(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out]);

// The VSIX is a zip whose extension folder is extension/: list it with unzip (Info-ZIP).
const listing = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' }).split('\n').filter(Boolean);
const files = listing.map(repositoryPath).filter((f) => f !== null);
const problems = vsixProblems(files);
if (problems.length) {
  console.error(`The VSIX's contents are wrong:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const bytes = fs.statSync(out).size;
console.log(`VSIX ${path.basename(out)}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes), ${files.length} files`);
