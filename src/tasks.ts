/**
 * The CLI as a VS Code task: a task of `"type": "descent"` runs `descent train FILE` (or compare,
 * sweep) on the bundled dist/cli.js with the Node that runs the extension host, and the `$descent`
 * problem matcher (package.json) turns its `file:line:column: severity: message` lines into
 * entries of the Problems panel. The provider offers one train task per training.json.
 */
import * as vscode from 'vscode';
import { CONFIG_NAME } from './files';

/** The task type of package.json's `taskDefinitions`. */
export const TASK_TYPE = 'descent';
/** The problem matcher package.json contributes, named with its `$`. */
export const PROBLEM_MATCHER = '$descent';
/** The CLI commands a task may run: those that report a training.json's problems. */
export const TASK_COMMANDS = ['train', 'compare', 'sweep'] as const;

/** A task's definition as tasks.json writes it, e.g. `{ "type": "descent", "command": "train", "file": "cars/training.json" }`. */
export interface DescentTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  command: (typeof TASK_COMMANDS)[number];
  /** The training.json (or its folder), relative to the workspace folder; training.json when absent. */
  file?: string;
}

/**
 * The CLI's arguments for a definition, in VS Code's display language, e.g.
 * `{ command: 'train', file: 'cars/training.json' }`, `ja` → `['train', 'cars/training.json', '--lang', 'ja']`;
 * undefined for a command the CLI's task does not run.
 */
export function cliArguments(definition: vscode.TaskDefinition, language: string): string[] | undefined {
  const command = definition.command as unknown;
  if (!TASK_COMMANDS.some((c) => c === command)) return undefined;
  const file = typeof definition.file === 'string' && definition.file !== '' ? definition.file : CONFIG_NAME;
  return [command as string, file, '--lang', language];
}

/** Registers the provider of `descent` tasks; the CLI it runs is the extension's dist/cli.js. */
export function registerDescentTasks(context: vscode.ExtensionContext): vscode.Disposable {
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: async () => {
      const files = await vscode.workspace.findFiles(`**/${CONFIG_NAME}`, '{**/node_modules/**,**/.descent/**}');
      return files.flatMap((uri) => {
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        if (!folder) return [];
        const definition: DescentTaskDefinition = { type: TASK_TYPE, command: 'train', file: vscode.workspace.asRelativePath(uri, false) };
        return [descentTask(cli, definition, folder)].filter((t): t is vscode.Task => t !== undefined);
      });
    },
    resolveTask: (task) => {
      const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return folder ? descentTask(cli, task.definition, folder) : undefined;
    },
  });
}

/**
 * The task that runs the CLI on a definition from `folder` (paths in its output are relative to
 * it, as the matcher's fileLocation expects). The extension host's own executable is Node when
 * ELECTRON_RUN_AS_NODE is set (in Electron; a plain Node ignores it), so no Node need be installed.
 */
function descentTask(cli: string, definition: vscode.TaskDefinition, folder: vscode.WorkspaceFolder): vscode.Task | undefined {
  const args = cliArguments(definition, vscode.env.language);
  if (!args) return undefined;
  const execution = new vscode.ProcessExecution(process.execPath, [cli, ...args], { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
  // The name is the command line without the language, e.g. "train cars/training.json".
  return new vscode.Task(definition, folder, args.slice(0, 2).join(' '), 'Descent', execution, [PROBLEM_MATCHER]);
}
