/**
 * The expandable value inspector: renders an InspectNode tree; containers the worker
 * listed lazily (`ref`) are fetched when the user opens them.
 */
import type { InspectNode } from "../../display/types";

/** Fetches the listed form of a lazily expandable node. */
export type Expand = (ref: number) => Promise<InspectNode | null>;

const BRACKETS = { object: ["{", "}"], array: ["[", "]"], map: ["{", "}"], set: ["{", "}"] } as const;

function span(className: string, text: string): HTMLSpanElement {
  const s = document.createElement("span");
  s.className = className;
  s.textContent = text;
  return s;
}

function summary(node: Extract<InspectNode, { type: "container" }>): string {
  const [open, close] = BRACKETS[node.shape];
  return node.shape === "object" && node.label === "Object" ? `${open}…${close}` : `${node.label} ${open}…${close}`;
}

/** Renders `node`; `open` lists its entries at once. */
export function renderInspector(node: InspectNode, expand: Expand, open = true): HTMLElement {
  switch (node.type) {
    case "primitive":
      return span(`insp-${node.tone}`, node.text);
    case "circular":
      return span("insp-circular", node.label);
    case "error":
      return span("insp-error", `${node.name}: ${node.message}`);
    case "container":
      return container(node, expand, open);
    default: {
      const never: never = node;
      return never;
    }
  }
}

function container(node: Extract<InspectNode, { type: "container" }>, expand: Expand, open: boolean): HTMLElement {
  const root = document.createElement("div");
  root.className = "insp-container";
  const head = document.createElement("button");
  head.type = "button";
  head.className = "insp-toggle";
  const body = document.createElement("div");
  body.className = "insp-entries";
  let listed = node.entries ? node : null;
  let isOpen = false;
  const fill = (full: Extract<InspectNode, { type: "container" }>) => {
    body.replaceChildren();
    for (const entry of full.entries ?? []) {
      const row = document.createElement("div");
      row.className = "insp-entry";
      row.append(span("insp-key", full.shape === "array" || full.shape === "set" ? entry.key : `${entry.key}:`), " ", renderInspector(entry.value, expand, false));
      body.append(row);
    }
    if (full.more > 0) body.append(span("insp-more", `… ${full.more} more`));
  };
  const toggle = async (to: boolean) => {
    isOpen = to;
    head.textContent = `${to ? "▾" : "▸"} ${to ? node.label : summary(node)}`;
    root.classList.toggle("open", to);
    if (!to) return;
    if (!listed && node.ref !== undefined) {
      const fetched = await expand(node.ref);
      listed = fetched && fetched.type === "container" ? fetched : { ...node, entries: [], more: 0 };
    }
    if (listed) fill(listed);
  };
  head.addEventListener("click", () => void toggle(!isOpen));
  root.append(head, body);
  void toggle(open && node.size > 0);
  return root;
}
