/**
 * The command palette (Ctrl/Cmd-Shift-P): a modal dialog with a combobox and a listbox of
 * every command and its key, filtered fuzzily as the user types. ↑/↓ (or Ctrl-n/p) move,
 * Enter runs, Esc closes; focus returns where it was before the command runs.
 */
import { keyLabel, type CommandRegistry, type PaletteCommand } from "./commands";
import { fuzzyFilter } from "./fuzzy";

const MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The palette dialog; `open()` shows it. */
export class CommandPalette {
  readonly root = document.createElement("dialog");
  private readonly input = document.createElement("input");
  private readonly list = document.createElement("ul");
  private readonly empty = document.createElement("p");
  private shown: PaletteCommand[] = [];
  private active = 0;
  private returnTo: HTMLElement | null = null;

  constructor(private readonly registry: CommandRegistry) {
    const root = this.root;
    root.className = "command-palette";
    root.setAttribute("aria-label", "Command palette");
    this.input.type = "text";
    this.input.className = "palette-input";
    this.input.placeholder = "Type a command…";
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-expanded", "true");
    this.input.setAttribute("aria-controls", "palette-list");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-label", "Command");
    this.input.spellcheck = false;
    this.input.autocomplete = "off";
    this.list.id = "palette-list";
    this.list.className = "palette-list";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", "Commands");
    this.empty.className = "palette-empty";
    this.empty.textContent = "No command matches.";
    this.empty.hidden = true;
    root.append(this.input, this.list, this.empty);
    this.input.addEventListener("input", () => this.render());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    // Esc (the dialog's cancel) closes it; focus goes back.
    root.addEventListener("close", () => this.restoreFocus());
    // A click on the backdrop (outside the box) closes it.
    root.addEventListener("click", (event) => {
      if (event.target === root) this.close();
    });
    this.list.addEventListener("click", (event) => {
      const option = (event.target as HTMLElement).closest<HTMLElement>("[role=option]");
      if (option) this.runAt(Number(option.dataset.index));
    });
    document.body.append(root);
  }

  /** Whether the palette is open. */
  get isOpen(): boolean {
    return this.root.open;
  }

  /** Opens the palette with `query` typed (empty: every command). */
  open(query = ""): void {
    if (this.root.open) return this.input.select();
    const focused = document.activeElement;
    this.returnTo = focused instanceof HTMLElement && focused !== document.body ? focused : null;
    this.input.value = query;
    this.root.showModal();
    this.render();
    this.input.focus();
  }

  /** Closes the palette without running anything. */
  close(): void {
    if (this.root.open) this.root.close();
    // At once, not on the (later) close event: a command run next may move the focus itself.
    this.restoreFocus();
  }

  private restoreFocus(): void {
    const target = this.returnTo;
    this.returnTo = null;
    if (target?.isConnected) target.focus({ preventScroll: true });
  }

  private render(): void {
    const found = fuzzyFilter(this.registry.list(), this.input.value, (c) => `${c.section}: ${c.title}`);
    this.shown = found.map((f) => f.item);
    this.active = 0;
    const items = found.map(({ item, match }, index) => {
      const li = document.createElement("li");
      li.id = `palette-option-${index}`;
      li.className = "palette-option";
      li.setAttribute("role", "option");
      li.dataset.index = String(index);
      li.dataset.command = item.id;
      const title = document.createElement("span");
      title.className = "palette-title";
      // Highlight the matched characters (positions index "section: title").
      const offset = item.section.length + 2;
      const marked = new Set(match.positions.map((p) => p - offset));
      const section = document.createElement("span");
      section.className = "palette-section";
      section.textContent = `${item.section}: `;
      title.append(section);
      [...item.title].forEach((char, i) => {
        if (marked.has(i)) {
          const mark = document.createElement("mark");
          mark.textContent = char;
          title.append(mark);
        } else title.append(char);
      });
      li.append(title);
      if (item.keys) {
        const kbd = document.createElement("kbd");
        kbd.textContent = keyLabel(item.keys, MAC);
        li.append(kbd);
        li.setAttribute("aria-label", `${item.section}: ${item.title}, keys ${item.keys}`);
      }
      return li;
    });
    this.list.replaceChildren(...items);
    this.empty.hidden = items.length > 0;
    this.highlight();
  }

  private highlight(): void {
    const options = this.list.children;
    for (let i = 0; i < options.length; i++) options[i]!.setAttribute("aria-selected", String(i === this.active));
    const current = options[this.active] as HTMLElement | undefined;
    if (current) {
      this.input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    } else this.input.removeAttribute("aria-activedescendant");
  }

  private onKey(event: KeyboardEvent): void {
    const n = this.shown.length;
    const down = event.key === "ArrowDown" || (event.ctrlKey && event.key === "n");
    const up = event.key === "ArrowUp" || (event.ctrlKey && event.key === "p");
    if (down || up) {
      event.preventDefault();
      if (n) this.active = (this.active + (down ? 1 : n - 1)) % n;
      this.highlight();
    } else if (event.key === "PageDown" || event.key === "PageUp") {
      event.preventDefault();
      if (n) this.active = Math.max(0, Math.min(n - 1, this.active + (event.key === "PageDown" ? 8 : -8)));
      this.highlight();
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.runAt(this.active);
    } else if (event.key === "Tab") {
      // The input is the dialog's only stop: Tab stays (the list is reached with arrows).
      event.preventDefault();
    }
  }

  private runAt(index: number): void {
    const command = this.shown[index];
    if (!command) return;
    this.close();
    command.run();
  }
}
