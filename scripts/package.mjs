// `npm run package`: a production build, then the VSIX with @vscode/vsce, and its size.
// Everything the extension runs is bundled by esbuild, so the VSIX carries no node_modules.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const out = path.join(repo, `${manifest.name}-${manifest.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: repo, stdio: 'inherit' });

run(process.execPath, ['esbuild.js', '--production']);
run(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out]);
const bytes = fs.statSync(out).size;
console.log(`VSIX ${path.basename(out)}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes)`);
