#!/usr/bin/env python3
"""Fails when a crate's top-level modules import each other in a circle.

For each crate under crates/, a module A depends on B when A's code (not its
comments, not its #[cfg(test)] part) names `crate::B`, or `super::B` from a
file directly under src/. A strongly connected group of more than one module
is a cycle: it is printed and the exit status is 1. ARCHITECTURE.md says why
the house keeps none.
"""
import os
import re
import sys


def module_graph(src):
    deps = {}
    for folder, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, src)
            top = rel.split(os.sep)[0].removesuffix(".rs")
            if top in ("lib", "main"):
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read().split("#[cfg(test)]")[0]
            code = "\n".join(
                line for line in text.split("\n") if not line.strip().startswith("//")
            )
            used = set(re.findall(r"crate::(\w+)", code))
            if os.sep not in rel:
                used |= set(re.findall(r"super::(\w+)", code))
            deps.setdefault(top, set()).update(used - {top})
    return {m: {d for d in ds if d in deps} for m, ds in deps.items()}


def cycles(graph):
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates")
    bad = False
    for crate in sorted(os.listdir(root)):
        src = os.path.join(root, crate, "src")
        if not os.path.isdir(src):
            continue
        for group in cycles(module_graph(src)):
            bad = True
            print(f"crates/{crate}: modules import each other in a circle: {' -> '.join(group)}")
    if bad:
        sys.exit(1)
    print("==> no module cycles in any crate")


if __name__ == "__main__":
    main()
