"""Sweep a served knowledge base with hostile requests: every answer of 500 or over 3 s is listed.

Through Datasette's own test client, with the settings ``kb serve`` uses:
every plugin page with hostile values in each of its arguments, every canned
query with them in each parameter (HTML, JSON and CSV), Datasette's table
arguments on every table and view, row pages with odd keys, and SQL meant to
exhaust the server::

    python -m tools.sweep --db kb.db
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from datasette.app import Datasette

from kb.datasette.config import SETTINGS, metadata
from kb.datasette.queries import load_queries

SLOW = 3.0
"""Seconds past which an answer is listed (the SQL time limit)."""
HOSTILE = (
    "", " ", '"', "'", "\\", "%", "%00", "\x00", "a\x00b", "\ud800", "\uffff", "İ", "<script>x</script>", "{", "[", "]", "null",
    "-1", "0", "9" * 26, "1e999", "NaN", "../../etc/passwd", "a" * 30_000, "*", "**", "?", "&", "#", ";", "--",
    "authority:", "documents:", ":", "::", "a:b:c", "authorities:%", "document:\x00", " " * 5000, "\n", "\r\n", "\t", "ʼ", "🙂" * 100,
)
"""Values sent in each argument: empty, quotes, NUL, a lone surrogate, markup, numbers out of range, 30 KB, ids half written."""
PAGES = {
    "search": ("q",), "graph": ("node", "depth", "relation"), "reader": ("document", "start", "end"),
    "mentions": ("authority", "id"), "compare": ("old", "new"), "network": ("document", "kind", "relation"),
}
"""The plugin's pages and their arguments."""
TABLE_ARGUMENTS = (
    "_through={", "_through={}", '_through={"table":"x","column":"y","value":"z"}', "_timelimit=abc", "_timelimit=-1",
    "_size=abc", "_size=-5", "_size=99999", "_next=garbage", "_next=%00", "_sort=nope", "_sort_desc=nope", "_facet=nope",
    "_facet_array=nope", "_facet_date=nope", "_col=nope", "_nocol=nope", "_nocol=id", "_shape=weird", "_shape=object",
    "_labels=on", "_where=1=1", "_where=nope(", "id__in=[", "id__in=%5B1", "id__arraycontains=x", "id__date=x", "id__gt=%00",
    "id__notblank=1", "id__isnull=1", "_search=x&_fts_table=%00", "_sort=rowid&_next=1,2,3", "_nofacet=1", "_nocount=1",
    "_trace=1", "_json=nope", "_nl=on", "_stream=on&_next=1", "_dl=1", "_facet_size=abc", "_facet_size=max", "_facet_size=-1",
    "id__exact=" + "a" * 30_000, "_search_=x", "_searchmode=raw&_search=NEAR(", "_fts_pk=%00&_search=x",
    "id__glob=" + "*" * 1000 + "a", "id__like=" + "%_" * 2000 + "x", "_extra=nope", "_sort=id&_next=%FF",
)
"""Datasette's table arguments, each with a value it does not expect."""
SQL = (
    "select", "select 1/0", "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c",
    "select zeroblob(1000000000)", "select randomblob(2000000000)", "select printf('%.*c', 2000000000, 'x')",
    "select * from sentences_fts where sentences_fts match '\"'", "pragma x", "attach 'x' as y", "select load_extension('x')",
    "select count(*) from nodes, nodes, nodes", "select replace(hex(zeroblob(100000000)), '0', 'aa')", "select 1; select 2",
    "select :a", "select highlight(sentences_fts, 9, 'a', 'b') from sentences_fts where sentences_fts match 'a'",
)
"""SQL meant to run long, allocate gigabytes or fail in odd ways."""
OTHER = (
    "/-/versions", "/-/plugins.json", "/-/metadata", "/-/settings", "/-/databases", "/-/threads", "/-/actor",
    "/-/allow-debug?actor=%7B&allow=%7B", "/-/permissions", "/-/messages", "/-/patterns", "/-/static/../../etc/passwd",
    "/-/static-plugins/kb/x", "/-/auth-token?token=x", "/%00", "/~", "/-/logout", "/-/create-token", "/-/api",
)


def encoded(value: str) -> str:
    return quote(value, safe="", errors="surrogatepass")


def urls(db: Path) -> list[str]:
    """Every request of the sweep."""
    name = db.stem
    with closing(sqlite3.connect(db)) as conn:
        document = (conn.execute("select id from documents limit 1").fetchone() or ("x",))[0]
        tables = [row[0] for row in conn.execute("select name from sqlite_master where type in ('table', 'view') order by name")]
    anchor = {"reader": f"document={document}", "compare": f"old={document}", "network": f"document={document}", "graph": f"node=documents:{document}"}
    found: list[str] = []
    for page, arguments in PAGES.items():
        for argument in arguments:
            for value in HOSTILE:
                found.append(f"/{name}/-/{page}?{argument}={encoded(value)}")
                if page in anchor:
                    found.append(f"/{name}/-/{page}?{anchor[page]}&{argument}={encoded(value)}")
        found += [f"/{name}/-/{page}?" + "&".join(f"{arguments[0]}=x{i}" for i in range(3000)),
                  f"/{name}/-/{page}.json", f"/{name}/-/{page}/", f"/nodb/-/{page}", f"/{name}/-/{page}?%ff=%ff"]
    for start, end in (("5", "1"), ("0", "999999999"), ("999999999", "9999999999"), ("1" * 19, "2")):
        found.append(f"/{name}/-/reader?document={document}&start={start}&end={end}")
    for query in load_queries():
        parameters = sorted(set(re.findall(r"(?<!:):([a-zA-Z_]\w*)", query.sql)))
        for value in HOSTILE:
            given = "&".join(f"{p}={encoded(value)}" for p in parameters)
            found += [f"/{name}/{query.name}{suffix}?{given}" for suffix in ("", ".json", ".csv")]
        found += [f"/{name}/{query.name}?_hide_sql=1&_size=abc", f"/{name}/{query.name}?_shape=weird"]
    for table in tables:
        for argument in TABLE_ARGUMENTS:
            found += [f"/{name}/{quote(table)}?{argument}", f"/{name}/{quote(table)}.json?{argument}"]
        found += [f"/{name}/{quote(table)}.csv?_stream=on&_sort=nope", f"/{name}/{quote(table)}/%00", f"/{name}/{quote(table)}/" + "x" * 5000,
                  f"/{name}/{quote(table)}/a,b,c", f"/{name}/{quote(table)}/~", f"/{name}/{quote(table)}/~ZZ"]
    for sql in SQL:
        found += [f"/{name}{suffix}?sql={encoded(sql)}" for suffix in ("", ".json", ".csv")]
    return found + list(OTHER) + [f"/{name}.db", f"/{name}/-/nope", f"/{name}.json?_shape=x"]


async def sweep(db: Path) -> tuple[int, list[tuple[str, float, str]]]:
    """(requests sent, the answers of 500 or over ``SLOW`` seconds as (status, seconds, URL))."""
    ds = Datasette([], immutables=[str(db)], metadata=metadata(db.stem), settings=SETTINGS)
    await ds.invoke_startup()
    sent = urls(db)
    listed = []
    for url in sent:
        began = time.perf_counter()
        try:
            status = str((await ds.client.get(url)).status_code)
        except Exception as error:  # the client itself refusing a request is listed too
            status = f"{type(error).__name__}: {error}"
        seconds = time.perf_counter() - began
        if not status.isdecimal() or int(status) >= 500 or seconds > SLOW:
            listed.append((status, seconds, url))
    return len(sent), listed


def main(argv: list[str] | None = None) -> None:
    """Sweep the knowledge base and print what answered 500 or slowly."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a built knowledge base")
    args = parser.parse_args(argv)
    sent, listed = asyncio.run(sweep(args.db))
    print(f"{sent:,} requests; {sum(s.isdecimal() and int(s) >= 500 for s, _, _ in listed)} answered 500 or more, "
          f"{sum(seconds > SLOW for _, seconds, _ in listed)} took over {SLOW:g} s")
    for status, seconds, url in listed:
        print(f"{status}\t{seconds:.1f} s\t{url[:160]}")


if __name__ == "__main__":
    main()
