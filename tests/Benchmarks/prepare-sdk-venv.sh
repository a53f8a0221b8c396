#!/bin/sh
# Builds, offline, a venv holding a real Meltano Singer SDK tap and target for the `startup` benchmark's
# third-party row (issue #14): tap-smoke-test and the SDK's own sample CSV target, on singer-sdk 0.34.1.
#
#   tests/Benchmarks/prepare-sdk-venv.sh VENV SDK TAP_SMOKE_TEST JSONPATH_NG MEMOIZATION GENSON
#
# Each source is a directory of the project at the pinned version below, or a git directory of it (a clone,
# or a bare mirror) from which the pinned version is extracted. Everything else comes from Debian bookworm's
# python3-* packages, which the venv sees (--system-site-packages): PyPI is not needed. singer-sdk 0.34.1 is
# the newest release that runs on them: 0.35 needs `referencing`, whose `rpds-py` is a Rust extension
# Debian bookworm does not package. Nothing here is committed third-party source: it is all read at build time.
set -eu

if [ $# -ne 6 ]; then
    sed -n '5p' "$0" | sed 's/^#  *//' >&2
    exit 2
fi
venv=$(realpath -m "$1")
shift

# name, pinned ref (tag or commit), commit it resolves to: the README lists the same.
pins="singer-sdk v0.34.1 0192d5875345a9d8ab42e81d261084290bd456d0
tap-smoke-test e021d919769f0bb0886de33d691c678509de1cce e021d919769f0bb0886de33d691c678509de1cce
jsonpath-ng v1.6.1 2b50a1b674a3241cf336c4465372d0e4b6c2f18d
memoization v0.4.0 9c1a0d13e8fbad1f7f4a05d5b41873a7ca5b6aaa
genson v1.2.2 6bf083488de2804c3ff5bb03b05761ff31fac30c"

apt_packages="python3-venv python3-pip python3-backoff python3-click python3-cryptography python3-fs python3-importlib-metadata
python3-inflection python3-joblib python3-jsonschema python3-jwt python3-packaging python3-pendulum python3-dateutil python3-dotenv
python3-tz python3-yaml python3-requests python3-simpleeval python3-simplejson python3-sqlalchemy python3-typing-extensions
python3-urllib3 python3-ply python3-poetry-core"
# Installs the list unless dpkg shows every package of it installed (it prints nothing for a package it never
# heard of, so the installed ones are counted).
# shellcheck disable=SC2086 # the package list is split into words on purpose
ensure_debian_packages() {
    wanted=$(printf '%s\n' $apt_packages | wc -l)
    installed=$(dpkg-query -W -f '${db:Status-Abbrev}\n' $apt_packages 2>/dev/null | grep -c '^ii' || true)
    [ "$installed" -eq "$wanted" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing Debian packages; as root: apt-get install" $apt_packages >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $apt_packages
}
ensure_debian_packages

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Copies source $2 of pin $1 to $work/$1: a source tree as it is, or the pinned commit of a git directory.
source_of() {
    name=$1
    from=$2
    ref=$(echo "$pins" | awk -v n="$name" '$1 == n { print $2 }')
    commit=$(echo "$pins" | awk -v n="$name" '$1 == n { print $3 }')
    mkdir -p "$work/$name"
    if [ -f "$from/setup.py" ] || [ -f "$from/pyproject.toml" ]; then
        cp -R "$from/." "$work/$name"
    elif gitdir=$(git --git-dir="$from" rev-parse --absolute-git-dir 2>/dev/null || git -C "$from" rev-parse --absolute-git-dir 2>/dev/null); then
        got=$(git --git-dir="$gitdir" rev-parse --verify --quiet "$ref^{commit}" || echo "missing")
        if [ "$got" != "$commit" ]; then
            echo "$name: $ref in $from is $got, expected $commit" >&2
            exit 1
        fi
        git --git-dir="$gitdir" archive "$commit" | tar -x -C "$work/$name"
    else
        echo "$name: $from is neither a source tree nor a git directory" >&2
        exit 1
    fi
}

source_of singer-sdk "$1"
source_of tap-smoke-test "$2"
source_of jsonpath-ng "$3"
source_of memoization "$4"
source_of genson "$5"
grep -q '^version = "0.34.1"' "$work/singer-sdk/pyproject.toml" || { echo "singer-sdk: $1 is not v0.34.1" >&2; exit 1; }

# Only ever replace a venv: VENV is removed first.
if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
    echo "$venv exists and is not a venv: give a new directory" >&2
    exit 1
fi
rm -rf "$venv"
/usr/bin/python3 -m venv --system-site-packages "$venv"
for name in jsonpath-ng memoization genson singer-sdk tap-smoke-test; do
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-index --no-build-isolation --no-deps "$work/$name"
done

# The SDK's sample CSV target is not part of the singer-sdk package: install its module where its own
# imports (`samples.sample_target_csv...`) find it, and a console script as pip would write one.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
mkdir -p "$site/samples"
cp -R "$work/singer-sdk/samples/sample_target_csv" "$site/samples/"
printf '#!%s\nfrom samples.sample_target_csv.csv_target import SampleTargetCSV\n\nSampleTargetCSV.cli()\n' "$venv/bin/python" > "$venv/bin/target-csv"
chmod +x "$venv/bin/target-csv"

# tap-smoke-test's own demo data: two streams of ten records each.
mkdir -p "$venv/share/tap-smoke-test"
cp -R "$work/tap-smoke-test/demo-data" "$venv/share/tap-smoke-test/"
echo "$pins" > "$venv/share/tap-smoke-test/PINS"

# Check the pipe once, as the benchmark will run it: 20 records in, two CSV files of ten rows out.
check="$work/check"
mkdir -p "$check/out"
data="$venv/share/tap-smoke-test/demo-data"
printf '{"streams":[{"stream_name":"animals","input_filename":"%s/animals-data.jsonl"},{"stream_name":"pageviews","input_filename":"%s/pageviews-data.jsonl"}]}' "$data" "$data" > "$check/tap.json"
printf '{"target_folder":"%s/out"}' "$check" > "$check/target.json"
"$venv/bin/tap-smoke-test" --config "$check/tap.json" 2>/dev/null > "$check/messages.jsonl"
records=$(grep -c '"type": "RECORD"' "$check/messages.jsonl")
"$venv/bin/target-csv" --config "$check/target.json" < "$check/messages.jsonl" 2>/dev/null > /dev/null
rows=$(cat "$check/out/animals.csv" "$check/out/pageviews.csv" | wc -l)
if [ "$records" -ne 20 ] || [ "$rows" -ne 22 ]; then
    echo "the prepared tap printed $records records and the target wrote $rows lines (expected 20 and 22 with headers)" >&2
    exit 1
fi
echo "prepared $venv: tap-smoke-test -> target-csv on singer-sdk 0.34.1 moves 20 records"
