/** The API VS Code gives a webview page, once (see the webview guide's "Scripts and message passing"). */
interface VsCodeApi {
  /** Posts a channel envelope (`src/shared/channel.ts`) to the host. */
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: import('./view').PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;
