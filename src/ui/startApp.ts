/**
 * The app's start (see main.ts): builds the notebook UI, opens the notebook the store chooses
 * (a share link, the last one, or a copy of the worked study notebook), and registers the
 * service worker that keeps the built app available offline.
 */
import { NotebookApp } from "./app";
import { makeDoc } from "../notebook/document";
import { wirePersistence } from "./persistence";
import { holdBuildAhead, warmUpEditor } from "./editor";
import { nextTask } from "./dom";

/** Builds the app on the page and opens the first notebook. */
export function startApp(): void {
  const root = document.getElementById("app")!;
  // An empty document until the store answers: nothing runs twice at start.
  const app = new NotebookApp(root, makeDoc([], { title: "" }));
  performance.mark("caravan:ui-built");
  // In tasks of its own, between the first notebook's: its first editors then start warm.
  void warmUpEditor(document.body);

  // Tests reach the app through this handle (never cell code: it runs in the sandbox).
  (window as unknown as { caravan: NotebookApp }).caravan = app;

  const opened = wirePersistence(app, root).then(() => performance.mark("caravan:notebook-open"));
  /**
   * The opened notebook's first computation, or 10 s, whichever ends first. A notebook in safe
   * preview computes once the user runs it: until then, or 10 s, it has not computed (installing
   * the offline cache the moment a preview showed took a core just as the user ran it).
   */
  const firstComputation = Promise.race([opened.then(() => firstRun(app)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  // Editors far from the viewport are built once the first computation is over, not during it.
  holdBuildAhead(firstComputation);
  void firstComputation.then(() => performance.mark("caravan:first-computation-over"));

  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    // Registered once the first notebook has computed (or after 10 s at the latest): installing
    // it precaches the whole build, the 5 MB type checker included, which on a first visit
    // would compete with the first computation for the machine's cores.
    const register = () => void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
    void firstComputation.then(register, register);
  }
}

/** Resolves once the open notebook has run and computed: at once when it is trusted, else after the consent. */
async function firstRun(app: NotebookApp): Promise<void> {
  if (!app.trusted) {
    await new Promise<void>((resolve) => app.onConsent(resolve));
    // The consent sends the cells in a task of its own: the kernel is asked when idle after that.
    await nextTask();
  }
  await app.idle();
}
