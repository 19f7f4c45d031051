"""Scenario 3: ovsdbapp (as OpenStack's Neutron OVN driver uses it) against one OVSDB server.

Usage: ovsdbapp_scenario.py REMOTE   (e.g. tcp:127.0.0.1:6641)

Runs a fixed sequence of OvnNbApiIdlImpl commands and prints one JSON object per step on
stdout: {"step": NAME, "ok": RESULT} or {"step": NAME, "error": "ExceptionClass: message"}.
Rows are reduced to plain column values, so the transcripts of two servers compare after
UUID normalisation. Exits 0 when the sequence ran (individual steps may fail on purpose),
2 when the connection could not be made.
"""
import json
import logging
import sys
import uuid

from ovsdbapp.backend.ovs_idl import connection
from ovsdbapp.schema.ovn_northbound import impl_idl

TIMEOUT_S = 10
COLUMNS = ("name", "parent_name", "tag", "tag_request", "addresses", "type", "enabled")


def plain(value):
    """A JSON-friendly form of what an ovsdbapp command returns."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items())}
    if hasattr(value, "uuid") and hasattr(value, "_table"):
        cols = {c: plain(getattr(value, c)) for c in COLUMNS if c in value._table.columns}
        cols["_uuid"] = str(value.uuid)
        return cols
    if hasattr(value, "uuid") and hasattr(value, "_row"):  # RowView
        return plain(value._row)
    return value


def step(name, fn):
    try:
        out = {"step": name, "ok": plain(fn())}
    except Exception as e:  # the transcript records failures, it does not stop on them
        out = {"step": name, "error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out, sort_keys=True), flush=True)


def names(rows):
    return sorted(r.name for r in rows)


def main(remote):
    idl = connection.OvsdbIdl.from_server(remote, "OVN_Northbound")
    conn = connection.Connection(idl=idl, timeout=TIMEOUT_S)
    api = impl_idl.OvnNbApiIdlImpl(conn)
    try:
        run(api)
    finally:
        conn.stop(timeout=TIMEOUT_S)


def run(api):
    ex = dict(check_error=True)
    step("ls_add private", lambda: api.ls_add("private").execute(**ex))
    step("ls_add private again", lambda: api.ls_add("private").execute(**ex))
    step("ls_add private may_exist", lambda: api.ls_add("private", may_exist=True).execute(**ex))
    step("lsp_add vm1", lambda: api.lsp_add("private", "vm1").execute(**ex))
    step("lsp_add c1 parent vm1 tag 42",
         lambda: api.lsp_add("private", "c1", parent_name="vm1", tag=42).execute(**ex))
    step("lsp_get c1", lambda: api.lsp_get("c1").execute(**ex))
    step("lsp_get_parent c1", lambda: api.lsp_get_parent("c1").execute(**ex))
    step("lsp_get_tag c1 (not allocated)", lambda: api.lsp_get_tag("c1").execute(**ex))
    step("db_set c1 tag=42",
         lambda: api.db_set("Logical_Switch_Port", "c1", ("tag", 42)).execute(**ex))
    step("lsp_get_tag c1", lambda: api.lsp_get_tag("c1").execute(**ex))
    # The Python IDL checks the column's range itself and drops the write (with a log line).
    step("db_set c1 tag=5000 (dropped by the IDL)",
         lambda: api.db_set("Logical_Switch_Port", "c1", ("tag", 5000)).execute(**ex))
    step("lsp_get_tag c1 after refusal", lambda: api.lsp_get_tag("c1").execute(**ex))
    step("lsp_add to a missing switch", lambda: api.lsp_add("nope", "x").execute(**ex))
    step("lsp_set_addresses c1",
         lambda: api.lsp_set_addresses("c1", ["00:00:00:00:00:02 10.0.0.2"]).execute(**ex))
    step("lsp_get_addresses c1", lambda: api.lsp_get_addresses("c1").execute(**ex))
    step("lsp_set_addresses bad",
         lambda: api.lsp_set_addresses("c1", ["not-a-mac"]).execute(**ex))
    step("db_find parent vm1",
         lambda: api.db_find("Logical_Switch_Port", ("parent_name", "=", "vm1"),
                             columns=["name", "tag", "tag_request"]).execute(**ex))

    def several():
        with api.transaction(check_error=True) as txn:
            txn.add(api.ls_add("public"))
            txn.add(api.lsp_add("public", "pub1"))
            txn.add(api.lsp_add("public", "c2", parent_name="pub1", tag=0))
            txn.add(api.lsp_set_addresses("pub1", ["00:00:00:00:01:01 192.0.2.1"]))
        return None

    step("transaction of four commands", several)
    step("ls_list", lambda: names(api.ls_list().execute(**ex)))
    step("lsp_list public", lambda: names(api.lsp_list("public").execute(**ex)))
    step("lsp_get c2", lambda: api.lsp_get("c2").execute(**ex))

    def failing_txn():
        with api.transaction(check_error=True) as txn:
            txn.add(api.ls_add("half"))
            txn.add(api.lsp_add("private", "c1"))  # exists: the whole transaction is abandoned
        return None

    step("transaction that fails as a whole", failing_txn)
    step("ls_list after failed transaction", lambda: names(api.ls_list().execute(**ex)))
    step("lsp_del c1", lambda: api.lsp_del("c1").execute(**ex))
    step("lsp_del c1 again", lambda: api.lsp_del("c1").execute(**ex))
    step("lsp_del c1 if_exists", lambda: api.lsp_del("c1", if_exists=True).execute(**ex))
    step("lsp_list private", lambda: names(api.lsp_list("private").execute(**ex)))
    step("ls_del private", lambda: api.ls_del("private").execute(**ex))
    step("ls_del public", lambda: api.ls_del("public").execute(**ex))
    step("ls_list at the end", lambda: names(api.ls_list().execute(**ex)))
    step("lsp orphans at the end",
         lambda: sorted(r.name for r in api.tables["Logical_Switch_Port"].rows.values()))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    # Failing steps are expected; ovsdbapp logs each with a traceback at ERROR level.
    logging.basicConfig(level=logging.CRITICAL)
    try:
        main(sys.argv[1])
    except Exception as e:
        print("cannot run the scenario: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(2)
