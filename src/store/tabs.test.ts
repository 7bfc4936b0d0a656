import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { apply, tx } from "../notebook/document";
import { openStores } from "./db";
import { isStoreError } from "./errors";
import { createNotebook } from "./library";
import { writeNotebook } from "./notebooks";
import { createTabSync, type ChannelLike, type TabEvent, type TabMessage } from "./tabs";

/** An in-memory channel that records what this tab posts and lets the test deliver messages. */
function fakeChannel() {
  const posted: TabMessage[] = [];
  const channel: ChannelLike & { deliver(m: TabMessage): void; posted: TabMessage[] } = {
    posted,
    onmessage: null,
    postMessage: (m) => void posted.push(m),
    close: () => undefined,
    deliver(m) {
      channel.onmessage?.({ data: m });
    },
  };
  return channel;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(dirty: boolean) {
  const stores = openStores(`tabs${Math.random()}`);
  const nb = await createNotebook(stores);
  if (isStoreError(nb)) throw new Error(nb.message);
  const events: TabEvent[] = [];
  const channel = fakeChannel();
  const sync = createTabSync({ stores, notebookId: nb.meta.id, tab: "me", channel, state: () => ({ baseRev: nb.saved.rev, dirty, doc: nb.saved.doc }), onEvent: (e) => events.push(e) });
  const otherSave = async () => {
    const d = nb.saved.doc;
    const saved = await writeNotebook(stores, apply(d, tx.edit(d, d.cells[0]!.id, "theirs")), { tab: "other", baseRev: nb.saved.rev });
    if (isStoreError(saved)) throw new Error(saved.message);
    return saved;
  };
  return { id: nb.meta.id, rev: nb.saved.rev, events, channel, sync, otherSave };
}

describe("tab coordination", () => {
  it("announces itself, answers newcomers, and tracks who has the notebook open", async () => {
    const { id, events, channel, sync } = await setup(false);
    expect(channel.posted[0]).toEqual({ type: "opened", notebook: id, tab: "me" });
    channel.deliver({ type: "opened", notebook: id, tab: "t2" });
    expect(channel.posted[1]).toEqual({ type: "present", notebook: id, tab: "me" });
    channel.deliver({ type: "present", notebook: id, tab: "t3" });
    expect(sync.peers).toEqual(["t2", "t3"]);
    channel.deliver({ type: "closed", notebook: id, tab: "t2" });
    expect(events.at(-1)).toEqual({ kind: "peers", tabs: ["t3"] });
  });

  const cases: [name: string, dirty: boolean, expected: TabEvent["kind"]][] = [
    ["with unsaved edits, another tab's save is a conflict", true, "conflict"],
    ["with nothing unsaved, another tab's save is an update", false, "updated"],
  ];
  it.each(cases)("%s", async (_name, dirty, expected) => {
    const { id, events, channel, otherSave } = await setup(dirty);
    const saved = await otherSave();
    channel.deliver({ type: "saved", notebook: id, rev: saved.rev, tab: "other" });
    await sleep(30);
    expect(events.map((e) => e.kind)).toEqual([expected]);
    expect(events[0]).toMatchObject({ theirs: { rev: saved.rev, tab: "other" } });
  });

  it("ignores its own messages, other notebooks, and announcements no newer than what it has", async () => {
    const { id, rev, events, channel } = await setup(true);
    channel.deliver({ type: "saved", notebook: id, rev: rev + 5, tab: "me" });
    channel.deliver({ type: "saved", notebook: "another", rev: rev + 5, tab: "other" });
    channel.deliver({ type: "saved", notebook: id, rev, tab: "other" });
    // A stale announcement: the store holds nothing newer than this tab's base.
    channel.deliver({ type: "saved", notebook: id, rev: rev + 1, tab: "other" });
    await sleep(30);
    expect(events).toEqual([]);
  });

  it("says goodbye on close", async () => {
    const { id, channel, sync } = await setup(false);
    sync.close();
    expect(channel.posted.at(-1)).toEqual({ type: "closed", notebook: id, tab: "me" });
    expect(channel.onmessage).toBeNull();
  });
});
