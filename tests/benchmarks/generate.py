"""Generate a realistic synthetic inventory of any size, as a Git repository.

    python tests/benchmarks/generate.py OUT --docs N [--seed S] [--change K]

The result validates cleanly against the shipped schemas and relation registry: all 22
standard kinds in the proportions of a mid-size organisation (``kinds.py``), about three
relations per CI and no cycle, ~800-byte documents, mostly one per file and sometimes several
per file, in sharded folders.

Commit 1 (branch ``main``) holds the inventory. Commit 2, on branch ``change`` (left checked
out), touches ``K`` documents: about 60 % changed, 15 % moved to another file, 15 % added,
10 % removed. The head stays valid, so ``check --base main`` has nothing new to report.

Everything is a function of ``--seed``: the same arguments give byte-identical files and the
same commit ids (identities and dates are pinned).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``tests`` and ``cmdbgit`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.kinds import BUILDERS, Doc, World, make
from tests.benchmarks.yamltext import document

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "cmdbgit" / "scaffold" / "schemas"
POLICIES = ROOT / "cmdbgit" / "scaffold" / "policies"

#: Share of each kind in the inventory (HardwareAsset takes the rest: one per physical server,
#: network device and laptop, plus spares).
#: The new kinds per 10,000 documents: 40 locations (sites, rooms, ~30 racks of 42 units),
#: 25 hardware models (one per ~70 assets), 50 power feeds and PDUs, 10 domains of 20
#: services, 30 clusters (hypervisor groups, database pairs), 100 APIs (one per 8 apps).
PROPORTIONS: dict[str, float] = {
    "Team": 0.010, "Person": 0.150, "Vendor": 0.004, "Location": 0.004,
    "SoftwareProduct": 0.006, "SoftwareLicense": 0.015, "Contract": 0.025,
    "CloudSubscription": 0.003, "SLA": 0.001, "Service": 0.020, "Application": 0.080,
    "Database": 0.040, "Server": 0.135, "NetworkDevice": 0.035, "CloudResource": 0.085,
    "Endpoint": 0.145, "HardwareModel": 0.0025, "PowerDevice": 0.005, "Domain": 0.001,
    "Cluster": 0.003, "API": 0.010,
}  # fmt: skip
#: Minimum count of the kinds others refer to (every product line exists once).
MINIMUM = {"Team": 2, "Person": 2, "Vendor": 2, "Location": 6, "SoftwareProduct": 16, "SLA": 2,
           "Service": 2, "SoftwareLicense": 3, "NetworkDevice": 2, "Contract": 1,
           "Application": 2}  # fmt: skip
FOLDER = {
    "Team": "org/teams", "Person": "org/people", "Vendor": "vendors", "Location": "locations",
    "SoftwareProduct": "products", "SoftwareLicense": "licenses", "Contract": "contracts",
    "CloudSubscription": "cloud/subscriptions", "SLA": "slas", "Service": "services",
    "Application": "apps", "Database": "databases", "Server": "servers",
    "NetworkDevice": "network", "CloudResource": "cloud/resources", "Endpoint": "endpoints",
    "HardwareAsset": "hardware", "HardwareModel": "models", "PowerDevice": "power",
    "Domain": "domains", "Cluster": "clusters", "API": "apis",
}  # fmt: skip
SHARD = 400  # files per folder
MIN_DOCS = 100
MULTI_SHARE = 0.12  # share of files that hold several documents


def counts(total: int) -> dict[str, int]:
    """Documents per kind, summing to ``total`` (at least the minimum of each kind)."""
    out = {k: max(MINIMUM.get(k, 1), round(total * share)) for k, share in PROPORTIONS.items()}
    out["HardwareAsset"] = max(1, total - sum(out.values()))
    while sum(out.values()) > total and out["Person"] > MINIMUM["Person"]:
        out["Person"] -= 1
    return out


def build(total: int, seed: int) -> World:
    """Every document, kind by kind in ``BUILDERS`` order."""
    w = World(random.Random(seed))
    plan = counts(total)
    for kind in BUILDERS:
        w.by_kind[kind] = []
        for _ in range(plan[kind]):
            w.by_kind[kind].append(make(w, kind))
    # Links that point "forward" in that order: people's licences, warranties' contracts.
    for person in w.by_kind["Person"]:
        if w.rng.random() < 0.4:
            person.data["relations"] = [
                {"type": "uses_license", "target": w.pick("SoftwareLicense")}
            ]
    for contract in w.by_kind["Contract"]:
        first = contract.data["spec"]["covers"][0]
        w.hardware[first].data["spec"]["warranty"]["contract"] = contract.id
    return w


def layout(w: World) -> dict[str, list[Doc]]:
    """Assign documents to files: sharded folders, sometimes several documents per file."""
    rng = w.rng
    files: dict[str, list[Doc]] = {}
    for kind in BUILDERS:
        docs = w.by_kind[kind]
        i = 0
        n = 0
        while i < len(docs):
            size = rng.randint(2, 5) if rng.random() < MULTI_SHARE else 1
            group = docs[i : i + size]
            i += size
            folder = f"inventory/{FOLDER[kind]}/{n // SHARD:03d}"
            name = group[0].id if size == 1 else f"{group[0].id}-group"
            path = f"{folder}/{name}.yaml"
            n += 1
            for doc in group:
                doc.file = path
            files[path] = group
    return files


def file_text(docs: list[Doc]) -> str:
    head = f"# {docs[0].kind} records, maintained by the owning team.\n"
    return head + "---\n".join(document(d.data) for d in docs)


def write_files(out: Path, files: dict[str, list[Doc]]) -> None:
    for path, docs in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file_text(docs), encoding="utf-8")


# -- the second commit --------------------------------------------------------------------------
def change(w: World, files: dict[str, list[Doc]], out: Path, k: int) -> dict[str, int]:
    """Change, move, add and remove documents (``k`` in all); the head stays valid."""
    rng = w.rng
    n_add = k * 15 // 100
    n_remove = k * 10 // 100
    n_move = k * 15 // 100
    n_change = k - n_add - n_remove - n_move
    stats = {"changed": 0, "moved": 0, "added": 0, "removed": 0}
    touched: set[str] = set()

    # Removed: Endpoints are never the target of a reference, so removing one breaks nothing.
    endpoints = [d for d in w.by_kind["Endpoint"] if d.file]
    for doc in rng.sample(endpoints, min(n_remove, len(endpoints))):
        files[doc.file].remove(doc)
        touched.add(doc.file)
        stats["removed"] += 1
    # Changed: a field of the spec, a label, and sometimes one more relation.
    mutable = [
        d
        for kind in ("Server", "Application", "Database", "Endpoint")
        for d in w.by_kind[kind]
        if d.file and d in files[d.file]
    ]
    for doc in rng.sample(mutable, min(n_change, len(mutable))):
        spec = doc.data["spec"]
        if doc.kind == "Server":
            spec["memory_gb"] = spec["memory_gb"] * 2
        elif doc.kind == "Application":
            spec["description"] = spec["description"].replace("REST API", "GraphQL API")
            if rng.random() < 0.5:
                doc.data["relations"].append({"type": "depends_on", "target": w.pick("Database")})
        elif doc.kind == "Database":
            spec["size_gb"] = spec["size_gb"] + 100
        else:
            spec["cpu_cores"] = spec["cpu_cores"] + 2
        doc.data["metadata"]["labels"]["changed"] = "true"
        touched.add(doc.file)
        stats["changed"] += 1
    # Moved: single-document files to another folder (sometimes changed on the way).
    singles = [p for p, docs in files.items() if len(docs) == 1 and p not in touched]
    for path in rng.sample(singles, min(n_move, len(singles))):
        docs = files.pop(path)
        (out / path).unlink()
        new = path.replace("inventory/", "inventory/moved/", 1)
        for doc in docs:
            doc.file = new
        files[new] = docs
        touched.add(new)
        stats["moved"] += 1
    # Added: new Applications and Endpoints wired to what exists.
    for i in range(n_add):
        kind = "Application" if i % 2 == 0 else "Endpoint"
        doc = make(w, kind)
        doc.file = f"inventory/added/{doc.id}.yaml"
        files[doc.file] = [doc]
        touched.add(doc.file)
        stats["added"] += 1
    for path in sorted(touched):
        docs = files.get(path)
        if docs:
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file_text(docs), encoding="utf-8")
        else:
            files.pop(path, None)
            (out / path).unlink(missing_ok=True)
    return stats


# -- the repository -----------------------------------------------------------------------------
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Benchmark",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Benchmark",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(out: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(
        ["git", *args], cwd=out, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def scaffold(out: Path, policy_owner: str | None = None) -> None:
    """Schemas and config; with ``policy_owner`` (a generated Team), the starter policies
    ``init`` writes too, owned by that team: real inventories run them."""
    (out / "schemas").mkdir(parents=True)
    for schema in sorted(SCHEMAS.iterdir()):
        shutil.copyfile(schema, out / "schemas" / schema.name)
    (out / ".gitignore").write_text("# cmdbgit's local state (parse cache)\n.cmdbgit/\n")
    (out / "cmdbgit.yaml").write_text(
        "paths: {inventory: inventory, schemas: schemas, policies: policies}\nbase_branch: main\n"
    )
    if policy_owner is None:
        return
    (out / "policies").mkdir()
    for policy in sorted(POLICIES.glob("*.yaml")):
        text = policy.read_text().replace("owner: team-platform", f"owner: {policy_owner}")
        (out / "policies" / policy.name).write_text(text)


def generate(out: Path, docs: int, seed: int, k: int, *, policies: bool = True) -> dict[str, Any]:
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out}: exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    w = build(docs, seed)
    files = layout(w)
    scaffold(out, w.by_kind["Team"][0].id if policies else None)
    write_files(out, files)
    git(out, "init", "-q", "-b", "main")
    git(out, "add", "-A")
    git(
        out,
        "commit",
        "-q",
        "-m",
        f"Inventory of {docs} documents (seed {seed})",
        date="2026-01-01T12:00:00+00:00",
    )
    base = git(out, "rev-parse", "HEAD")
    git(out, "checkout", "-q", "-b", "change")
    stats = change(w, files, out, k) if k else {}
    git(out, "add", "-A")
    git(
        out,
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        f"Change {k} documents",
        date="2026-01-02T12:00:00+00:00",
    )
    total = sum(len(v) for v in w.by_kind.values())
    return {
        "documents": total,
        "files": len(files),
        "base": base,
        "head": git(out, "rev-parse", "HEAD"),
        "change": stats,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to create (must be empty or absent)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the base commit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--change",
        type=int,
        default=50,
        help="documents touched by the second commit (branch 'change')",
    )
    parser.add_argument("--no-policies", action="store_true", help="leave out the starter policies")
    args = parser.parse_args(argv)
    if args.docs < MIN_DOCS:
        parser.error(f"--docs must be at least {MIN_DOCS} (every kind needs a few documents)")
    summary = generate(args.out, args.docs, args.seed, args.change, policies=not args.no_policies)
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
