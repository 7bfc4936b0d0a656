import { describe, expect, test } from "vitest";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAttachment } from "./attachments";

describe("attachments read from a data folder", () => {
  test("a file inside the folder is read with its type; one outside or missing is a not-found reply", async () => {
    const root = await mkdtemp(join(tmpdir(), "caravan-att-"));
    await mkdir(join(root, "data", "study"), { recursive: true });
    await writeFile(join(root, "data", "study", "a.csv"), "x\n1\n");
    await writeFile(join(root, "secret.txt"), "no");
    const data = join(root, "data");
    const ok = await readAttachment(data, "study/a.csv");
    expect(ok.ok && new TextDecoder().decode(ok.bytes)).toBe("x\n1\n");
    expect(ok.ok && ok.mimeType).toBe("text/csv");
    expect(await readAttachment(data, "../secret.txt")).toEqual({ ok: false, message: "no attachment named ../secret.txt" });
    expect(await readAttachment(data, join(root, "secret.txt"))).toMatchObject({ ok: false });
    expect(await readAttachment(data, "study/missing.csv")).toMatchObject({ ok: false });
  });
});
