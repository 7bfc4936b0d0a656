import { describe, expect, it } from "vitest";
import { apply, makeCell, makeDoc, tx, type NotebookDoc } from "./document";
import { isFormatError, parse, serialize } from "./format";

const EXAMPLE = `// caravan: 1
// title: Tariff pass-through

// %% [markdown id=intro]
// # A heading
//
// Some \${"interpolated"} text.

// %% [code id=rate mode=manual]
const rate = 0.1;

const doubled = rate * 2;
// %% output
// 0.1

// %% [code id=empty]

// %% end
`;

function doc(text: string): NotebookDoc {
  const d = parse(text);
  if (isFormatError(d)) throw new Error(`line ${d.line}: ${d.message}`);
  return d;
}

/** Strips what parse adds beyond the cells and title, for comparing documents. */
function content(d: NotebookDoc) {
  return { title: d.title, cells: d.cells.map((c) => ({ ...c, ...(c.kind === "markdown" ? { output: undefined } : {}) })) };
}

describe("reading a file", () => {
  it("reads the title, cells, modes, Markdown and saved outputs", () => {
    const d = doc(EXAMPLE);
    expect(d.title).toBe("Tariff pass-through");
    expect(d.cells).toEqual([
      { id: "intro", kind: "markdown", mode: "auto", source: '# A heading\n\nSome ${"interpolated"} text.' },
      { id: "rate", kind: "code", mode: "manual", source: "const rate = 0.1;\n\nconst doubled = rate * 2;", output: "0.1" },
      { id: "empty", kind: "code", mode: "auto", source: "" },
    ]);
    expect(d.layout).toBeUndefined();
  });

  it("gives cells without an id an id taken from their line", () => {
    const d = doc("// caravan: 1\n// %% [code]\nx\n// %% end\n");
    expect(d.cells.map((c) => c.id)).toEqual(["L2"]);
  });
});

describe("bad files give an error naming the line", () => {
  const cases: [name: string, text: string, line: number, message: RegExp][] = [
    ["empty file", "", 1, /the file is empty/],
    ["not a notebook", "const x = 1;\n", 1, /not a Caravan notebook/],
    ["future version", "// caravan: 99\n// %% end\n", 1, /^this file was written by a newer Caravan \(format 99\); this version reads format 1$/],
    ["future version written with many digits", "// caravan: 100000000000000000000\n// %% end\n", 1, /\(format 100000000000000000000\)/],
    ["unreadable version", "// caravan: one\n", 1, /unreadable format version "one"/],
    ["truncated (no end marker)", EXAMPLE.slice(0, EXAMPLE.indexOf("// %% [code id=empty]")), 15, /ends without `\/\/ %% end`: it may be truncated/],
    ["truncated inside a marker", "// caravan: 1\n// %% [co", 2, /malformed marker/],
    ["code before the first marker", "// caravan: 1\nconst x = 1;\n// %% end\n", 2, /expected a cell marker/],
    ["unknown cell kind", "// caravan: 1\n// %% [python]\n// %% end\n", 2, /unknown cell kind "python"/],
    ["unknown attribute", "// caravan: 1\n// %% [code colour=red]\n// %% end\n", 2, /unknown cell attribute "colour"/],
    ["bad hide value", "// caravan: 1\n// %% [code hide=output]\n// %% end\n", 2, /unknown value "output" for hide \(expected hide=code\)/],
    ["bare hide attribute", "// caravan: 1\n// %% [code hide]\n// %% end\n", 2, /malformed cell attribute "hide"/],
    ["unknown view", "// caravan: 1\n// view: slides\n// %% end\n", 2, /unknown view "slides" \(expected reader or edit\)/],
    ["bad run mode", "// caravan: 1\n// %% [code mode=lazy]\n// %% end\n", 2, /unknown run mode "lazy"/],
    ["bad id", "// caravan: 1\n// %% [code id=a/b]\n// %% end\n", 2, /invalid cell id "a\/b"/],
    ["duplicate id", "// caravan: 1\n// %% [code id=a]\n// %% [code id=a]\n// %% end\n", 3, /cell id "a" is already used on line 2/],
    ["markdown line not a comment", "// caravan: 1\n// %% [markdown]\n# heading\n// %% end\n", 3, /markdown lines must start with \/\//],
    ["output after markdown", "// caravan: 1\n// %% [markdown]\n// %% output\n// %% end\n", 3, /must follow a code cell/],
    ["two output blocks", "// caravan: 1\n// %% [code]\n// %% output\n// %% output\n// %% end\n", 4, /at most one/],
    ["output line not a comment", "// caravan: 1\n// %% [code]\nx\n// %% output\n42\n// %% end\n", 5, /output lines must start with \/\//],
    ["text after the end", "// caravan: 1\n// %% end\nmore\n", 3, /text after `\/\/ %% end`/],
  ];
  it.each(cases)("%s", (_name, text, line, message) => {
    const result = parse(text);
    expect(isFormatError(result)).toBe(true);
    if (!isFormatError(result)) return;
    expect(result.line).toBe(line);
    expect(result.message).toMatch(message);
  });
});

describe("byte-for-byte round trips", () => {
  const files: [name: string, text: string][] = [
    ["the canonical example", EXAMPLE],
    ["Windows line endings", EXAMPLE.replace(/\n/g, "\r\n")],
    ["a byte-order mark", "\uFEFF" + EXAMPLE],
    ["two byte-order marks", "\uFEFF\uFEFF" + EXAMPLE],
    ["a hand-formatted block and two byte-order marks", "\uFEFF\uFEFF// caravan: 1\n// title: t\n\n// %% [code id=a mode=auto]\nx\n// %% end\n"],
    ["no newline at the end", EXAMPLE.slice(0, -1)],
    ["extra header keys and comments", "// caravan: 1\n// author: A. Reviewer\n// a note\n//title:Spaced\n\n\n// %% [code id=a]\nx\n// %% end\n"],
    ["no blank lines between cells", "// caravan: 1\n// title: t\n// %% [code id=a]\nx\n// %% [markdown id=b]\n//no space\n// %% end"],
    ["several blank lines and trailing spaces", "// caravan: 1\n// title: t\n\n// %% [code id=a mode=auto]   \nx  \n\n\n\n// %% [code mode=manual id=b]\n// %% end\n\n\n"],
    ["marker-like lines escaped in content", "// caravan: 1\n// title: t\n\n// %% [code id=a]\n// %%% not a marker\n// %%%% neither\n\n// %% end\n"],
    ["blank lines inside Markdown", "// caravan: 1\n// title: t\n\n// %% [markdown id=m]\n// one\n\n// two\n\n// %% end\n"],
    ["a hidden cell and the reader view", "// caravan: 1\n// title: t\n// view: reader\n\n// %% [code id=a mode=manual hide=code]\nx\n// %% output\n// 1\n\n// %% end\n"],
    ["hide written before id, CRLF", "// caravan: 1\r\n// title: t\r\n\r\n// %% [code hide=code id=a]\r\nx\r\n\r\n// %% end\r\n"],
    ["mixed line endings", "// caravan: 1\r\n// title: t\n\r\n// %% [code id=a]\r\nx\ny\r\n\n// %% end\r\n"],
  ];
  it.each(files)("%s", (_name, text) => {
    expect(serialize(doc(text))).toBe(text);
  });

  it("a document survives structured cloning (IndexedDB) and still writes the same bytes", () => {
    for (const [, text] of files) expect(serialize(structuredClone(doc(text)))).toBe(text);
  });

  it("a new document written and read back is the same document", () => {
    const d = makeDoc(
      [
        makeCell("const a = 1;\n// %% [code] inside code\n", "code", { id: "a", mode: "manual", output: "1\n\n%% two" }),
        makeCell("# Title\n\n%% not a marker", "markdown", { id: "b" }),
        makeCell("", "code", { id: "c", output: "" }),
        makeCell("\n\n", "code", { id: "d" }),
      ],
      { title: "A title" },
    );
    expect(content(doc(serialize(d)))).toEqual(content(d));
  });
});

describe("hidden code and the reader view", () => {
  const HIDDEN = EXAMPLE.replace("// %% [code id=rate mode=manual]", "// %% [code id=rate mode=manual hide=code]").replace(
    "// title: Tariff pass-through\n",
    "// title: Tariff pass-through\n// view: reader\n",
  );

  it("reads `hide=code` and `// view: reader`; the file is canonical and writes back byte for byte", () => {
    const d = doc(HIDDEN);
    expect(d.view).toBe("reader");
    expect(d.cells.map((c) => c.hideCode === true)).toEqual([false, true, false]);
    expect(d.layout).toBeUndefined();
    expect(serialize(d)).toBe(HIDDEN);
  });

  it("an old file has no flag: no cell hides its code and no view is asked for", () => {
    const d = doc(EXAMPLE);
    expect(d.view).toBeUndefined();
    expect(d.cells.some((c) => "hideCode" in c)).toBe(false);
    expect(serialize(d)).toBe(EXAMPLE);
  });

  it("`// view: edit` reads as the editor and is kept as written", () => {
    const text = EXAMPLE.replace("// title: Tariff pass-through\n", "// title: Tariff pass-through\n// view: edit\n");
    const d = doc(text);
    expect(d.view).toBeUndefined();
    expect(serialize(d)).toBe(text);
  });

  it("hiding a cell's code rewrites only its marker line", () => {
    const d = doc(EXAMPLE);
    expect(serialize(apply(d, tx.hide(d, "rate", true)))).toBe(EXAMPLE.replace("[code id=rate mode=manual]", "[code id=rate mode=manual hide=code]"));
    const h = doc(HIDDEN);
    expect(serialize(apply(h, tx.hide(h, "rate", false)))).toBe(HIDDEN.replace(" hide=code", ""));
  });

  it("choosing the view adds or removes only the header's view line", () => {
    const d = doc(EXAMPLE);
    expect(serialize(apply(d, tx.view(d, "reader")))).toBe(HIDDEN.replace(" hide=code", ""));
    const h = doc(HIDDEN);
    expect(serialize(apply(h, tx.view(h, undefined)))).toBe(EXAMPLE.replace("[code id=rate mode=manual]", "[code id=rate mode=manual hide=code]"));
  });

  it("in a hand-formatted header, the view line goes after the title and the other lines stay", () => {
    const text = "// caravan: 1\r\n// author: A\r\n//title:Spaced\r\n// a note\r\n\r\n// %% [code id=a]\r\nx\r\n// %% end\r\n";
    const d = doc(text);
    const reader = apply(d, tx.view(d, "reader"));
    expect(serialize(reader)).toBe(text.replace("//title:Spaced\r\n", "//title:Spaced\r\n// view: reader\r\n"));
    expect(serialize(apply(reader, tx.view(reader, undefined)))).toBe(text);
  });

  it("in a hand-formatted block, hiding rewrites that block and showing again restores its bytes", () => {
    const text = "// caravan: 1\n// title: t\n// %% [code id=a]   \nx  \n\n\n// %% [code id=b]\ny\n// %% end";
    const d = doc(text);
    const hidden = apply(d, tx.hide(d, "a", true));
    expect(serialize(hidden)).toBe(text.replace("// %% [code id=a]   \n", "// %% [code id=a hide=code]\n"));
    expect(serialize(apply(hidden, tx.hide(hidden, "a", false)))).toBe(text);
  });
});

describe("editing one cell changes only that cell's lines", () => {
  const awkward = "// caravan: 1\n// title: t\n// %% [code id=a]   \nx  \n\n\n// %% [code id=b]\ny\n// %% [markdown id=c]\n//tight\n// %% end";
  const cases: [name: string, edit: (d: NotebookDoc) => NotebookDoc, expected: string][] = [
    ["edit a canonical cell", (d) => apply(d, tx.edit(d, "rate", "const rate = 0.2;")), EXAMPLE.replace("const rate = 0.1;\n\nconst doubled = rate * 2;", "const rate = 0.2;")],
    ["change a run mode", (d) => apply(d, tx.mode(d, "rate", "auto")), EXAMPLE.replace("[code id=rate mode=manual]", "[code id=rate]")],
    ["clear an output", (d) => apply(d, tx.output(d, "rate", undefined)), EXAMPLE.replace("// %% output\n// 0.1\n", "")],
    ["rename", (d) => apply(d, tx.title(d, "New")), EXAMPLE.replace("Tariff pass-through", "New")],
    ["delete a cell", (d) => apply(d, tx.delete(d, "empty")), EXAMPLE.replace("// %% [code id=empty]\n\n", "")],
  ];
  it.each(cases)("%s", (_name, edit, expected) => {
    expect(serialize(edit(doc(EXAMPLE)))).toBe(expected);
  });

  it("in a hand-formatted file, only the edited block is rewritten", () => {
    const d = doc(awkward);
    expect(serialize(apply(d, tx.edit(d, "b", "z")))).toBe(awkward.replace("// %% [code id=b]\ny\n", "// %% [code id=b]\nz\n\n"));
    expect(serialize(apply(d, tx.title(d, "u")))).toBe(awkward.replace("// title: t", "// title: u"));
    expect(serialize(apply(d, tx.insert(d, 3, makeCell("w", "code", { id: "n" }))))).toBe(awkward.replace("// %% end", "// %% [code id=n]\nw\n\n// %% end"));
  });
});

/** Mulberry32: a small seeded generator so fuzz failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ["hide=code", "// view: reader", "\n", "\r\n", "\r", " ", "//", "// ", "%", "// %%", "// %% [code]", "// %% [markdown id=x]", "// %% output", "// %% end", "[", "]", "=", "id=q", "mode=manual", "\uFEFF", "é", "x"];

function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const lines = text.split("\n");
  const at = Math.floor(random() * (text.length + 1));
  switch (Math.floor(random() * 7)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + pick(PIECES) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    case 3: {
      const i = Math.floor(random() * lines.length);
      lines.splice(i, 0, lines[Math.floor(random() * lines.length)]!);
      return lines.join("\n");
    }
    case 4: {
      const i = Math.floor(random() * lines.length);
      lines.splice(i, 1);
      return lines.join("\n");
    }
    case 5: {
      const i = Math.floor(random() * lines.length);
      const j = Math.floor(random() * lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join("\n");
    }
    default:
      return text.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + text.slice(at);
  }
}

describe("hostile files", () => {
  const file = (cells: string[]) => `// caravan: 1\n// title: t\n\n${cells.join("")}// %% end\n`;

  it.each(["__proto__", "constructor", "prototype", "hasOwnProperty", "toString"])("refuses the cell id %s, naming its line", (id) => {
    const result = parse(file(["// %% [code id=ok]\n1\n\n", `// %% [code id=${id}]\n2\n\n`]));
    expect(result).toMatchObject({ kind: "format", line: 7 });
    expect(isFormatError(result) && result.message).toContain(`cell id "${id}" is reserved`);
  });

  it("keeps per-cell layout in a record without a prototype", () => {
    const d = doc(file(["// %% [code id=a mode=auto]\nx\n\n"]));
    expect(Object.getPrototypeOf(d.layout!.cells)).toBeNull();
  });

  it("writes a stored layout back using only its own entries, never inherited ones", () => {
    const d = doc(file(["// %% [code id=a mode=auto]\nx\n\n"]));
    // As IndexedDB returns it: an ordinary object whose prototype carries a lookalike block.
    const inherited = Object.create({ b: { raw: "// %% [code id=b]\nSMUGGLED\n\n", kind: "code", mode: "auto", source: "y" } });
    Object.assign(inherited, d.layout!.cells);
    const edited = apply({ ...d, layout: { ...d.layout!, cells: inherited } }, tx.insert(d, 1, makeCell("y", "code", { id: "b" })));
    expect(serialize(edited)).not.toContain("SMUGGLED");
  });

  it("stops at the cell limit while reading, naming the first cell past it", () => {
    const cells = Array.from({ length: 100_000 }, (_, i) => `// %% [code id=c${i}]\n${i}\n\n`);
    const started = performance.now();
    const result = parse(file(cells));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ kind: "format", line: 4 + 3 * 1000 });
    expect(isFormatError(result) && result.message).toBe("more than 1,000 cells: a notebook may hold at most 1,000");
  });

  it("accepts exactly the cell limit", () => {
    const cells = Array.from({ length: 3 }, (_, i) => `// %% [code id=c${i}]\n${i}\n\n`);
    expect(isFormatError(parse(file(cells), { limits: { cells: 3 } }))).toBe(false);
    expect(isFormatError(parse(file([...cells, "// %% [code id=d]\n\n"]), { limits: { cells: 3 } }))).toBe(true);
  });

  it("stops at the cell length limit, naming the cell's marker line", () => {
    const result = parse(file(["// %% [code id=a]\n1\n\n", `// %% [markdown id=big]\n${"// ab\n".repeat(30)}\n`]), { limits: { cellChars: 100 } });
    expect(result).toMatchObject({ kind: "format", line: 7 });
    expect(isFormatError(result) && result.message).toBe("this cell is longer than 100 characters, the most a cell may hold");
  });
});

describe("fuzzing the parser", () => {
  it("never throws; returns a document that writes back byte for byte, or an error naming a line of the file", () => {
    const random = rng(20261128);
    const seeds = [EXAMPLE, EXAMPLE.replace(/\n/g, "\r\n"), "// caravan: 1\n// %% [code]\n// %% end\n", "// caravan: 1\n// view: reader\n// %% [code hide=code]\n// %% end\n"];
    let docs = 0;
    let errors = 0;
    for (let n = 0; n < 4000; n++) {
      let text = seeds[n % seeds.length]!;
      const rounds = 1 + Math.floor(random() * 4);
      for (let r = 0; r < rounds; r++) text = mutate(text, random);
      let result: ReturnType<typeof parse>;
      try {
        result = parse(text);
      } catch (error) {
        throw new Error(`parse threw on ${JSON.stringify(text)}: ${String(error)}`);
      }
      if (isFormatError(result)) {
        errors++;
        const lineCount = Math.max(1, text.replace(/^\uFEFF/, "").split(/\r*\n/).length);
        expect(result.line, JSON.stringify(text)).toBeGreaterThanOrEqual(1);
        expect(result.line, JSON.stringify(text)).toBeLessThanOrEqual(lineCount);
        expect(result.message.length).toBeGreaterThan(0);
      } else {
        docs++;
        expect(serialize(result), JSON.stringify(text)).toBe(text);
        const { layout: _layout, ...plain } = result;
        const again = parse(serialize(plain));
        expect(isFormatError(again), JSON.stringify(text)).toBe(false);
        if (!isFormatError(again)) expect(content(again), JSON.stringify(text)).toEqual(content(result));
      }
    }
    // Both outcomes must be exercised, or the fuzzing proves little.
    expect(docs).toBeGreaterThan(200);
    expect(errors).toBeGreaterThan(200);
  });
});

describe("edge cases of titles, header lines, attributes and carriage returns", () => {
  it("a title with line breaks or line/paragraph separators is written as one line and read back with spaces", () => {
    for (const title of ["A\u2028B", "A\u2029B", "A\rB", "A\r\nB", "A\n\nB"]) {
      const text = serialize(makeDoc([], { title }));
      expect(text.split("\n")[1]).toBe("// title: A B");
      expect(doc(text).title).toBe("A B");
    }
  });

  it("a hand-written title line holding U+2028, U+2029 or a carriage return is read, not dropped, and kept as written", () => {
    for (const sep of ["\u2028", "\u2029", "\r"]) {
      const text = `// caravan: 1\n// title: A${sep}B\n\n// %% [code id=a]\nx\n\n// %% end\n`;
      const d = doc(text);
      expect(d.title).toBe("A B");
      expect(serialize(d)).toBe(text);
    }
  });

  it("renaming a kept header rewrites its whole title line, separators included, and the new title reads back", () => {
    const text = "// caravan: 1\n// note: x\n// title: A\u2028B\n\n// %% end\n";
    const renamed = serialize({ ...doc(text), title: "X\u2028Y" });
    expect(renamed).toBe("// caravan: 1\n// note: x\n// title: X Y\n\n// %% end\n");
    expect(doc(renamed).title).toBe("X Y");
    const viewed = serialize({ ...doc(text), view: "reader" });
    expect(viewed).toBe("// caravan: 1\n// note: x\n// title: A\u2028B\n// view: reader\n\n// %% end\n");
    expect(doc(viewed).view).toBe("reader");
  });

  it.each([
    ["two title lines", "// caravan: 1\n// title: A\n// title: B\n\n// %% end\n", 3, /second `\/\/ title:` line: the title is already given on line 2/],
    ["two view lines", "// caravan: 1\n// view: reader\n//view: edit\n\n// %% end\n", 3, /second `\/\/ view:` line: the view is already given on line 2/],
    ["a repeated id", "// caravan: 1\n\n// %% [code id=a id=b]\nx\n\n// %% end\n", 3, /cell attribute "id" is given more than once/],
    ["a repeated mode", "// caravan: 1\n\n// %% [code id=a mode=manual mode=auto]\nx\n\n// %% end\n", 3, /cell attribute "mode" is given more than once/],
    ["a repeated hide", "// caravan: 1\n\n// %% [code hide=code id=a hide=code]\nx\n\n// %% end\n", 3, /cell attribute "hide" is given more than once/],
    [
      "`// %% end` inside a template literal",
      "// caravan: 1\n\n// %% [code id=a]\nconst s = `\n// %% end\n`;\n\n// %% end\n",
      5,
      /^text after `\/\/ %% end`, with marker lines following it \(line 8\): if this `\/\/ %% end` is inside a cell, escape it as `\/\/ %%% end`/,
    ],
  ])("refuses %s, naming the line", (_name, text, line, message) => {
    const result = parse(text);
    expect(isFormatError(result)).toBe(true);
    if (!isFormatError(result)) return;
    expect(result.line).toBe(line);
    expect(result.message).toMatch(message);
  });

  it("a carriage return at the end of a cell line stays in the cell, in \\n and \\r\\n files", () => {
    const lf = "// caravan: 1\n\n// %% [code id=a]\nx\r\r\n\n// %% end\n";
    expect(doc(lf).cells[0]!.source).toBe("x\r");
    expect(serialize(doc(lf))).toBe(lf);
    const crlf = "// caravan: 1\r\n\r\n// %% [code id=a]\r\nx\r\r\n\r\n// %% end\r\n";
    expect(doc(crlf).cells[0]!.source).toBe("x\r");
    expect(serialize(doc(crlf))).toBe(crlf);
  });

  it("a source, Markdown or output with a carriage return before a line break is written and read back unchanged", () => {
    const d = makeDoc(
      [
        makeCell("x\r", "code", { id: "a", output: "1\r\n2\r" }),
        makeCell("a\r\r\nb", "code", { id: "b" }),
        makeCell("# T\r\n\r", "markdown", { id: "c" }),
      ],
      { title: "t" },
    );
    for (const written of [serialize(d), serialize({ ...d, layout: { eol: "\r\n" } })]) {
      const back = doc(written);
      expect(content(back)).toEqual(content(d));
      expect(serialize(back)).toBe(written);
    }
  });
});
