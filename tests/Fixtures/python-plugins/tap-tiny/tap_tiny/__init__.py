"""A tiny Singer tap for Tapline's tests: no dependencies, real Singer behaviour."""

import argparse
import json
import sys

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]

SCHEMAS = {
    "numbers": {"type": "object", "properties": {"id": {"type": "integer"}, "square": {"type": "integer"}}},
    "words": {"type": "object", "properties": {"id": {"type": "integer"}, "word": {"type": ["string", "null"]}}},
}


def catalog():
    streams = []
    for name, schema in SCHEMAS.items():
        metadata = [{"breadcrumb": [], "metadata": {"inclusion": "available", "selected-by-default": True,
                                                    "table-key-properties": ["id"], "valid-replication-keys": ["id"]}}]
        for prop in schema["properties"]:
            inclusion = "automatic" if prop == "id" else "available"
            metadata.append({"breadcrumb": ["properties", prop], "metadata": {"inclusion": inclusion}})
        streams.append({"tap_stream_id": name, "stream": name, "schema": schema, "key_properties": ["id"], "metadata": metadata})
    return {"streams": streams}


def selection(catalog_doc):
    """Selected streams and their selected properties; everything when no catalog is given."""
    if catalog_doc is None:
        return {name: set(s["properties"]) for name, s in SCHEMAS.items()}
    result = {}
    for stream in catalog_doc.get("streams", []):
        props = set()
        stream_selected = False
        for entry in stream.get("metadata", []):
            md = entry.get("metadata", {})
            chosen = md.get("inclusion") == "automatic" or md.get("selected", md.get("selected-by-default", False))
            if md.get("inclusion") == "unsupported":
                chosen = False
            if entry["breadcrumb"] == []:
                stream_selected = bool(chosen)
            elif chosen:
                props.add(entry["breadcrumb"][-1])
        if stream_selected:
            result[stream["tap_stream_id"]] = props
    return result


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")


def main():
    parser = argparse.ArgumentParser(prog="tap-tiny")
    parser.add_argument("--config")
    parser.add_argument("--catalog")
    parser.add_argument("--properties")
    parser.add_argument("--state")
    parser.add_argument("--discover", action="store_true")
    parser.add_argument("--about", action="store_true")
    args = parser.parse_args()

    if args.about:
        emit({"name": "tap-tiny", "capabilities": ["catalog", "discover", "state"]})
        return 0
    config = json.load(open(args.config)) if args.config else {}
    if args.discover:
        json.dump(catalog(), sys.stdout, indent=2)
        return 0

    catalog_path = args.catalog or args.properties
    catalog_doc = json.load(open(catalog_path)) if catalog_path else None
    state = json.load(open(args.state)) if args.state else {}
    bookmarks = dict(state.get("bookmarks", {}))
    count = int(config.get("count", 5))
    sys.stderr.write("tap-tiny starting with count=%d\n" % count)

    for name, props in selection(catalog_doc).items():
        schema = {"type": "object", "properties": {p: s for p, s in SCHEMAS[name]["properties"].items() if p in props}}
        emit({"type": "SCHEMA", "stream": name, "schema": schema, "key_properties": ["id"], "bookmark_properties": ["id"]})
        start = int(bookmarks.get(name, {}).get("replication_key_value", 0))
        last = start
        for i in range(start + 1, count + 1):
            full = {"id": i, "square": i * i, "word": WORDS[(i - 1) % len(WORDS)]}
            emit({"type": "RECORD", "stream": name, "record": {p: v for p, v in full.items() if p in props}})
            last = i
        bookmarks[name] = {"replication_key": "id", "replication_key_value": last}
        emit({"type": "STATE", "value": {"bookmarks": bookmarks}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
