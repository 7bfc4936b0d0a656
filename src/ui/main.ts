/**
 * The app's entry: builds the notebook UI with the default notebook and registers the
 * service worker that keeps the built app available offline.
 */
import "./styles.css";
import { NotebookApp } from "./app";
import { defaultNotebook } from "./defaultNotebook";

performance.mark("caravan:app-start");
const root = document.getElementById("app")!;
const app = new NotebookApp(root, defaultNotebook());
performance.mark("caravan:ui-built");

// Tests and the lead's wiring reach the app through this handle (never cell code: it runs in the sandbox).
(window as unknown as { caravan: NotebookApp }).caravan = app;

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
