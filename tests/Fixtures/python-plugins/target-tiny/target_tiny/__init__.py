"""A tiny Singer target for Tapline's tests: records to JSONL files, the final state on stdout."""

import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(prog="target-tiny")
    parser.add_argument("--config")
    args = parser.parse_args()
    config = json.load(open(args.config)) if args.config else {}
    output = config.get("output_path", "output")
    os.makedirs(output, exist_ok=True)

    schemas = set()
    files = {}
    state = None
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "SCHEMA":
            schemas.add(message["stream"])
        elif kind == "RECORD":
            stream = message["stream"]
            if stream not in schemas:
                sys.stderr.write("line %d: record for %s before its schema\n" % (number, stream))
                return 1
            if stream not in files:
                files[stream] = open(os.path.join(output, stream + ".jsonl"), "a")
            files[stream].write(json.dumps(message["record"]) + "\n")
        elif kind == "STATE":
            state = message.get("value")
    for f in files.values():
        f.close()
    if state is not None:
        sys.stdout.write(json.dumps(state) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
