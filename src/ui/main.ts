/**
 * The app's entry: builds the notebook UI, opens the notebook the store chooses (a share
 * link, the last one, or a copy of the worked study notebook), and registers the service
 * worker that keeps the built app available offline.
 */
import "./styles.css";
import { NotebookApp } from "./app";
import { makeDoc } from "../notebook/document";
import { wirePersistence } from "./persistence";

performance.mark("caravan:app-start");
const root = document.getElementById("app")!;
// An empty document until the store answers: nothing runs twice at start.
const app = new NotebookApp(root, makeDoc([], { title: "" }));
performance.mark("caravan:ui-built");

// Tests reach the app through this handle (never cell code: it runs in the sandbox).
(window as unknown as { caravan: NotebookApp }).caravan = app;

void wirePersistence(app, root).then(() => performance.mark("caravan:notebook-open"));

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}
