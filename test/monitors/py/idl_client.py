"""A Python IDL (ovs.db.idl) client for the monitor tests.

usage: idl_client.py REMOTE SCHEMA_FILE
Prints one line per event, flushed:
  synced <sorted switch names>     after the initial sync
  wrote <status>                   after inserting Logical_Switch "py-sw"
  saw <name>                       when a switch named "other" arrives from another client
Exits 0 after "saw other", 2 on timeout.
"""
import sys
import time

import ovs.db.idl
import ovs.poller

TIMEOUT_S = 20


def run_until(idl, predicate):
    deadline = time.time() + TIMEOUT_S
    while not predicate():
        if time.time() > deadline:
            print("timeout", flush=True)
            sys.exit(2)
        idl.run()
        if predicate():
            break
        poller = ovs.poller.Poller()
        idl.wait(poller)
        poller.timer_wait(100)
        poller.block()


def names(idl):
    return sorted(r.name for r in idl.tables["Logical_Switch"].rows.values())


def main():
    remote, schema_file = sys.argv[1], sys.argv[2]
    helper = ovs.db.idl.SchemaHelper(schema_file)
    helper.register_all()
    idl = ovs.db.idl.Idl(remote, helper)
    start = idl.change_seqno
    run_until(idl, lambda: idl.has_ever_connected() and idl.change_seqno != start)
    print("synced " + ",".join(names(idl)), flush=True)

    txn = ovs.db.idl.Transaction(idl)
    row = txn.insert(idl.tables["Logical_Switch"])
    row.name = "py-sw"
    row.external_ids = {"from": "python"}
    status = txn.commit_block()
    print("wrote " + ovs.db.idl.Transaction.status_to_string(status), flush=True)
    run_until(idl, lambda: "py-sw" in names(idl))

    run_until(idl, lambda: "other" in names(idl))
    print("saw other " + ",".join(names(idl)), flush=True)
    idl.close()


if __name__ == "__main__":
    main()
