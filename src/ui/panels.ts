/**
 * The File menu and its side panel (notebook library, worked notebooks, history), the
 * warnings (saving, safety copy, memory only), the "Keep" notice of a previewed notebook,
 * toasts with an Undo, and the two-tabs conflict dialog (modal: it holds typing until it is
 * answered). Pure view: every action is a callback from `persistence.ts`. The library is
 * reachable whatever a notebook did: Alt+Shift+L, or the URL `#library`.
 */
import * as store from "../store";
import { isStoreError, type Stores } from "../store";

/** What the panels ask the persistence layer to do. */
export interface PanelActions {
  readonly stores: Stores;
  currentId(): string | undefined;
  open(id: string): Promise<void>;
  openNew(): Promise<void>;
  openShipped(name: string, load: () => Promise<string>): Promise<void>;
  openFile(file: File): Promise<void>;
  download(): void;
  share(): Promise<string | void>;
  exportHtml(): Promise<void>;
  restore(at: number): Promise<void>;
  remove(id: string): Promise<void>;
  duplicate(id: string): Promise<void>;
}

/** Which warning a message belongs to: each is shown and cleared on its own. */
export type WarningSlot = "save" | "safety" | "memory" | "open" | "share";

export type ConflictChoice = "reload" | "keep-mine" | "fork";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(text: string, className: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el("button", className, text);
  b.type = "button";
  if (title) b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The menu, the panel and the messages. */
export class Panels {
  private readonly warning = el("div", "save-warning");
  private readonly warnings = new Map<WarningSlot, string>();
  private readonly notice = el("div", "keep-notice");
  private readonly panel = el("aside", "side-panel");
  private readonly toasts = el("div", "toasts");
  private mode: "library" | "history" | null = null;
  private readonly picker = el("input");

  constructor(root: HTMLElement, private readonly actions: PanelActions) {
    this.warning.setAttribute("role", "alert");
    this.warning.hidden = true;
    this.panel.hidden = true;
    this.picker.type = "file";
    this.picker.accept = ".ts,.caravan,.html,.htm,.csv,.tsv,.json,.arrow";
    this.picker.hidden = true;
    this.picker.addEventListener("change", () => {
      const file = this.picker.files?.[0];
      this.picker.value = "";
      if (file) void actions.openFile(file);
    });
    const bar = root.querySelector(".toolbar-bar");
    bar?.insertBefore(this.menu(), bar.querySelector(".shortcuts"));
    this.notice.hidden = true;
    root.querySelector(".toolbar")?.append(this.warning, this.notice);
    root.append(this.panel, this.toasts, this.picker);
    window.addEventListener(
      "keydown",
      (event: KeyboardEvent) => {
        if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === "KeyL") {
          event.preventDefault();
          event.stopPropagation();
          void this.showLibrary();
        }
      },
      { capture: true },
    );
  }

  private menu(): HTMLElement {
    const details = el("details", "file-menu");
    const summary = el("summary", undefined, "File");
    const list = el("div", "menu-items");
    const item = (text: string, run: () => void, title?: string) =>
      list.append(button(text, "menu-item", () => ((details.open = false), run()), title));
    item("New notebook", () => void this.actions.openNew());
    item("Notebooks…", () => void this.show("library"), "Your notebooks and the worked examples");
    item("History…", () => void this.show("history"), "Saved revisions of this notebook");
    item("Open file…", () => this.picker.click(), "A notebook (.ts), an HTML export, or a data file to attach (.csv, .tsv, .json, .arrow)");
    item("Download", () => this.actions.download(), "The notebook as a plain-text .ts file with its outputs");
    item("Copy share link", () => void this.actions.share(), "The whole notebook in a link; nothing is uploaded");
    item("Export HTML", () => void this.actions.exportHtml(), "One self-contained page with code and outputs");
    details.append(summary, list);
    return details;
  }

  /** Shows or clears one visible warning under the toolbar (the others stay). */
  warn(text: string | null, slot: WarningSlot = "save"): void {
    if (text === null) this.warnings.delete(slot);
    else this.warnings.set(slot, text);
    this.warning.hidden = this.warnings.size === 0;
    this.warning.textContent = [...this.warnings.values()].join(" ");
  }

  /** The text of one warning, if shown. */
  warningOf(slot: WarningSlot): string | undefined {
    return this.warnings.get(slot);
  }

  /** Says a previewed notebook is not in the library yet and offers to keep it; `null` removes the notice. */
  offerKeep(text: string | null, keep?: () => void): void {
    this.notice.hidden = text === null;
    this.notice.replaceChildren();
    if (text === null) return;
    this.notice.append(el("span", undefined, text));
    if (keep) this.notice.append(button("Keep in my notebooks", "keep-notebook", keep, "Store this notebook in your library (it still runs nothing until you say so)"));
  }

  /** Opens the library panel and puts the keyboard focus in it. */
  async showLibrary(): Promise<void> {
    await this.show("library");
    this.panel.querySelector<HTMLElement>(".open-notebook, .open-shipped")?.focus();
  }

  /** A short message at the bottom, optionally with one action (Undo). */
  toast(text: string, action?: { label: string; run: () => void }): void {
    const t = el("div", "toast", text);
    if (action) t.append(button(action.label, "toast-action", () => (t.remove(), action.run())));
    this.toasts.append(t);
    setTimeout(() => t.remove(), action ? 10_000 : 4_000);
  }

  /** Shows a share link that could not be copied, selected for copying by hand. */
  showLink(url: string): void {
    const t = el("div", "toast share-link");
    const input = el("input");
    input.value = url;
    input.readOnly = true;
    t.append(el("span", undefined, "Share link: "), input, button("Close", "toast-action", () => t.remove()));
    this.toasts.append(t);
    input.select();
  }

  /**
   * Asks what to do when another tab saved the same notebook; resolves with the choice. The
   * dialog is modal: the notebook behind it takes no typing until it is answered, so nothing
   * typed meanwhile can be lost by the choice.
   */
  askConflict(): Promise<ConflictChoice> {
    return new Promise((resolve) => {
      const dialog = el("dialog", "conflict-dialog");
      dialog.setAttribute("aria-label", "Edited in another tab");
      const choose = (choice: ConflictChoice) => () => {
        dialog.close();
        dialog.remove();
        resolve(choice);
      };
      // Escape would close it unanswered; the choice has to be made.
      dialog.addEventListener("cancel", (event) => event.preventDefault());
      dialog.append(
        el("h2", undefined, "This notebook was changed in another tab"),
        el("p", undefined, "Your version is kept in History whatever you choose. Keep mine also keeps the other tab's changes to cells you did not edit; its whole version is kept in History too."),
        button("Reload theirs", "conflict-reload", choose("reload")),
        button("Keep mine", "conflict-keep", choose("keep-mine")),
        button("Fork mine as a new notebook", "conflict-fork", choose("fork")),
      );
      dialog.style.margin = "0";
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  /** Re-renders the open panel (after a save, a rename, a delete). */
  async refresh(): Promise<void> {
    if (this.mode) await this.show(this.mode);
  }

  private async show(mode: "library" | "history"): Promise<void> {
    this.mode = mode;
    this.panel.hidden = false;
    const close = button("×", "panel-close", () => ((this.panel.hidden = true), (this.mode = null)), "Close");
    const body = mode === "library" ? await this.library() : await this.history();
    this.panel.replaceChildren(close, ...body);
  }

  private async library(): Promise<HTMLElement[]> {
    const list = await store.listNotebooks(this.actions.stores);
    const mine = el("ul", "notebook-list");
    if (isStoreError(list)) mine.append(el("li", "empty", list.message));
    else
      for (const meta of list) {
        const li = el("li", meta.id === this.actions.currentId() ? "current" : undefined);
        const open = button(meta.title || "Untitled", "open-notebook", () => void this.actions.open(meta.id));
        li.append(
          open,
          el("span", "meta", `edited ${when(meta.updatedAt)}${meta.trusted ? "" : " · not run yet"}`),
          button("Duplicate", "duplicate", () => void this.actions.duplicate(meta.id)),
          button("Delete", "delete", () => void this.actions.remove(meta.id)),
        );
        mine.append(li);
      }
    const worked = el("ul", "shipped-list");
    for (const n of store.listShipped()) {
      const li = el("li");
      const open = button(n.title, "open-shipped", () => void this.actions.openShipped(n.name, n.load), `${n.name}: opens a copy; the original stays intact`);
      open.dataset.name = n.name;
      li.append(open);
      if (n.description) li.append(el("span", "meta shipped-description", n.description));
      worked.append(li);
    }
    return [el("h2", undefined, "Your notebooks"), mine, el("h2", undefined, "Worked notebooks (open as a copy)"), worked];
  }

  private async history(): Promise<HTMLElement[]> {
    const id = this.actions.currentId();
    const items = el("ul", "revision-list");
    const preview = el("pre", "revision-preview");
    preview.hidden = true;
    const revisions = id ? await store.listRevisions(this.actions.stores, id) : [];
    if (isStoreError(revisions)) items.append(el("li", "empty", revisions.message));
    else if (revisions.length === 0) items.append(el("li", "empty", "No revisions yet: they are kept as you edit."));
    else
      for (const r of revisions) {
        const li = el("li");
        li.append(
          el("span", "when", when(r.at)),
          el("span", "meta", `${r.title} · ${r.cells} cells${r.label ? ` · ${r.label}` : ""}`),
          button("View", "view-revision", async () => {
            const doc = id ? await store.readRevision(this.actions.stores, id, r.at) : undefined;
            preview.hidden = false;
            preview.textContent = !doc ? "" : isStoreError(doc) ? doc.message : doc.cells.map((c) => (c.kind === "markdown" ? `# (markdown)\n${c.source}` : c.source)).join("\n\n────\n\n");
          }),
          button("Restore", "restore-revision", () => void this.actions.restore(r.at)),
        );
        items.append(li);
      }
    return [el("h2", undefined, "History"), items, preview];
  }
}
