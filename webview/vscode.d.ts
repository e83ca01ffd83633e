/** The API VS Code gives a webview page, once (see the webview guide's "Scripts and message passing"). */
interface VsCodeApi {
  postMessage(message: import('../src/protocol').WebviewToHost): void;
  getState(): unknown;
  setState(state: import('./state').PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;
