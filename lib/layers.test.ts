/**
 * "No module imports from a layer above it", checked: group lib/ into rooms (`x.ts` and `x/` are
 * one room, as `sampler.ts` and `sampler/` are one concept), draw each room's imports as edges,
 * and require the room graph to have no cycle, so an order of layers exists in which every
 * import points down. The tooling (lib/tools/) sits on top: nothing in the library imports it.
 * Tests and fixtures are left out; they may reach anywhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { packagePath } from "./package-root";

const LIB = packagePath("lib");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "__fixtures__" ? [] : sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) && !/\.test\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

const roomOf = (file: string) =>
  relative(LIB, file)
    .split("/")[0]
    .replace(/\.(ts|mjs)$/, "");

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const targets: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const base = resolve(dirname(file), m[1]);
    const found = [base, `${base}.ts`, `${base}.mjs`, join(base, "index.ts")].find(
      (p) => existsSync(p) && statSync(p).isFile(),
    );
    if (found && found.startsWith(LIB)) targets.push(found);
  }
  return targets;
}

function roomGraph(files: readonly string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = roomOf(file);
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!;
    for (const target of importsOf(file)) if (roomOf(target) !== from) edges.add(roomOf(target));
  }
  return graph;
}

/** One cycle in the graph as a path of rooms, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (room: string): string[] | undefined => {
    if (state.get(room) === "done") return undefined;
    if (state.get(room) === "open") return [...stack.slice(stack.indexOf(room)), room];
    state.set(room, "open");
    stack.push(room);
    for (const next of graph.get(room) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(room, "done");
    return undefined;
  };
  for (const room of graph.keys()) {
    const cycle = visit(room);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("layers", () => {
  const files = sourceFiles(LIB);
  const graph = roomGraph(files);

  it("the rooms of lib/ import each other without a cycle, so every import points down", () => {
    expect(graph.size).toBeGreaterThan(20);
    expect(findCycle(graph)).toBeUndefined();
  });

  it("finds a cycle when there is one (the check can fail)", () => {
    const cyclic = new Map(
      Object.entries({ contract: ["sampler"], sampler: ["contract"], schema: [] }).map(([k, v]) => [
        k,
        new Set(v),
      ]),
    );
    expect(findCycle(cyclic)).toEqual(["contract", "sampler", "contract"]);
  });

  it("nothing in the library imports the tooling in lib/tools/", () => {
    const upward = [...graph]
      .filter(([room, edges]) => room !== "tools" && edges.has("tools"))
      .map(([room]) => room);
    expect(upward).toEqual([]);
  });
});
