/**
 * The app's entry. Its code is evaluated in stages, each a task of its own: the libraries
 * (libraries.ts: the editor's, the grammar, Markdown's, the sanitiser), then the app (startApp.ts),
 * which builds the page and opens the first notebook. Evaluated at once, the bundle made the
 * start one task of 170–370 ms on a loaded machine, before the first notebook even opened.
 */
import "./styles.css";
import { LIBRARY_STAGES } from "./libraries";

performance.mark("caravan:app-start");
for (const [index, stage] of LIBRARY_STAGES.entries()) {
  await stage();
  performance.mark(`caravan:library-${index}`);
}
const { startApp } = await import("./startApp");
startApp();
