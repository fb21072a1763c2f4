#!/bin/sh
# Trunk post_build hook (see Trunk.toml): gives the engine worker's files a content hash.
#
# Trunk names a worker's files after its binary (prevision-worker.js, prevision-worker_bg.wasm)
# with no hash, so a browser could keep an old worker beside a new page. This renames both to
# prevision-worker-<hash>.* and passes the name to boot.js in index.html's script address
# (boot.js?worker=prevision-worker-<hash>&js=…), as Trunk does for the page's own files.
set -eu
dir=${TRUNK_STAGING_DIR:?run by trunk}
js="$dir/prevision-worker.js"
wasm="$dir/prevision-worker_bg.wasm"
[ -f "$js" ] && [ -f "$wasm" ] || { echo "hash-worker: worker files missing in $dir" >&2; exit 1; }
hash=$(cat "$js" "$wasm" | sha256sum | cut -c1-16)
name="prevision-worker-$hash"
mv "$js" "$dir/$name.js"
mv "$wasm" "$dir/${name}_bg.wasm"
grep -q 'boot\.js?js=' "$dir/index.html" || { echo "hash-worker: no boot.js script in index.html" >&2; exit 1; }
sed -i "s|boot\.js?js=|boot.js?worker=$name\&amp;js=|" "$dir/index.html"
