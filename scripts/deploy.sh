#!/usr/bin/env bash
# Publish site/ to the web server as a new release, keeping earlier ones for an instant
# rollback. nginx serves TARGET/current (a symlink), so switching releases is one atomic
# rename, never a half-copied site.
#
#   scripts/deploy.sh TARGET [SITE]     # SITE defaults to site/
#   scripts/deploy.sh --rollback TARGET # back to the release that was live before
#
# TARGET is a folder (/srv/danvan) or host:folder (deploy@web.example:/srv/danvan),
# reached with ssh with the CI job's key. A release is copied into releases/.partial-NAME
# and renamed to releases/NAME only when complete; unchanged files (same content: a build
# writes every file anew) are hard links to the live release's. releases/.history lists
# the releases in the order they went live: a rollback goes back one line of it, not to
# the previous name. KEEP (default 5, at least 2) releases of that history are kept; the
# live one never goes.
set -euo pipefail
KEEP=${KEEP:-5}
[[ "$KEEP" =~ ^[0-9]+$ ]] && [ "$KEEP" -ge 2 ] || {
  echo "Lỗi – KEEP=$KEEP: phải giữ ít nhất 2 bản phát hành" >&2; exit 1; }

rollback=0
if [ "${1:-}" = "--rollback" ]; then rollback=1; shift; fi
target=${1:?"Cách dùng: scripts/deploy.sh [--rollback] THƯ_MỤC_ĐÍCH [site/]"}
site=${2:-site}

# The steps on the server, one script for a local folder and over ssh. Arguments, never
# text pasted into a command: a path with spaces, quotes or ~ stays what it is.
SERVER='
set -euo pipefail
dir=${1/#\~/$HOME}; step=$2; name=${3:-}; keep=${4:-5}
mkdir -p "$dir/releases"
cd "$dir"
touch releases/.history
switch() {  # point current at releases/$1, atomically
  ln -sfn "releases/$1" current.new && mv -T current.new current
}
case $step in
  live)  # the live release, for --link-dest ("" before the first deploy)
    if [ -L current ]; then basename "$(readlink current)"; fi ;;
  commit)  # the copy is complete: name it, switch, record, prune
    mv -T "releases/.partial-$name" "releases/$name"
    switch "$name"
    echo "$name" >> releases/.history
    tail -n "$keep" releases/.history > releases/.history.new
    mv releases/.history.new releases/.history
    live=$(basename "$(readlink current)")
    for old in releases/*/ releases/.partial-*/; do
      old=$(basename "$old")
      [ -d "releases/$old" ] || continue
      [ "$old" = "$live" ] && continue
      grep -qxF "$old" releases/.history || rm -rf "releases/$old"
    done ;;
  rollback)
    lines=$(grep -c . releases/.history || true)
    if [ "$lines" -lt 2 ]; then
      echo "Lỗi – không có bản phát hành nào trước bản hiện tại" >&2; exit 1; fi
    previous=$(tail -n 2 releases/.history | head -n 1)
    [ -d "releases/$previous" ] || {
      echo "Lỗi – bản trước ($previous) không còn trên máy chủ" >&2; exit 1; }
    switch "$previous"
    head -n -1 releases/.history > releases/.history.new
    mv releases/.history.new releases/.history
    echo "Đã quay lại bản $previous" ;;
esac
'

if [[ "$target" == *:* ]]; then
  host=${target%%:*}; dir=${target#*:}
  server() { ssh "$host" bash -s -- "$(printf '%q' "$dir")" "$@" <<<"$SERVER"; }
  # rsync 3.2.4+ passes the path as it is (no remote shell); "~/x" is "x" from the home.
  rdir=${dir#\~/}
  dest="$host:$rdir"
else
  dir=$target
  server() { bash -c "$SERVER" deploy "$dir" "$@"; }
  dest="$dir"
fi

if [ "$rollback" = 1 ]; then
  server rollback
  exit 0
fi

[ -f "$site/index.html" ] || { echo "Lỗi – $site/ chưa có trang: chạy make build trước" >&2; exit 1; }
name=$(date -u +%Y%m%dT%H%M%S.%3NZ)-$(git rev-parse --short HEAD 2>/dev/null || echo local)
live=$(server live)
link=()
[ -n "$live" ] && link=(--link-dest="../$live")
# -rlpD, not -a: times are not compared (a build writes every file anew), contents are.
rsync -rlpD --checksum --delete "${link[@]}" "$site/" "$dest/releases/.partial-$name/"
server commit "$name" "$KEEP"
echo "Đã phát hành bản $name vào $target (giữ $KEEP bản gần nhất)."
