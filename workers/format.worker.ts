/**
 * The notebook-file reader, off the page: parses the text of a long notebook file or share
 * link (`parseFile`) so that reading a thousand cells is not a long task on the page. A thin
 * Comlink wrapper, started by the page (src/ui/parseOffPage.ts) for one file and stopped
 * after it; it runs no notebook code and holds no state.
 */
import { expose } from "comlink";
import { parseFile } from "../src/notebook/format";

/** What the page calls. */
export interface FormatWorkerApi {
  parseFile(text: string): ReturnType<typeof parseFile>;
}

expose({ parseFile: (text: string) => parseFile(text) } satisfies FormatWorkerApi);
