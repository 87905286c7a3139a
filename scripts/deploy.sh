#!/usr/bin/env bash
# Publish site/ to the web server as a new release, keeping the previous ones for an
# instant rollback. nginx serves TARGET/current (a symlink), so switching releases is one
# atomic rename, never a half-copied site.
#
#   scripts/deploy.sh TARGET [SITE]     # SITE defaults to site/
#   scripts/deploy.sh --rollback TARGET # back to the release before the current one
#
# TARGET is a folder (/var/www/danvan) or host:folder (deploy@web.example:/var/www/danvan),
# reached with ssh, with the key of the CI job. Unchanged files are hard links to the
# previous release (rsync --link-dest), so a release costs only what changed.
set -euo pipefail
KEEP=${KEEP:-5}

rollback=0
if [ "${1:-}" = "--rollback" ]; then rollback=1; shift; fi
target=${1:?"Cách dùng: scripts/deploy.sh [--rollback] THƯ_MỤC_ĐÍCH [site/]"}
site=${2:-site}

if [[ "$target" == *:* ]]; then
  host=${target%%:*}; dir=${target#*:}
  remote() { ssh "$host" "$@"; }
  dest="$host:$dir"
else
  dir=$target
  remote() { bash -c "$*"; }
  dest="$dir"
fi

if [ "$rollback" = 1 ]; then
  remote "set -e; cd '$dir'; current=\$(readlink current); previous=\$(ls -1 releases | sort | grep -B1 -x \"\${current#releases/}\" | head -n1)
    if [ -z \"\$previous\" ] || [ \"releases/\$previous\" = \"\$current\" ]; then
      echo 'Lỗi – không có bản phát hành nào trước bản hiện tại' >&2; exit 1; fi
    ln -sfn \"releases/\$previous\" current.new && mv -T current.new current
    echo \"Đã quay lại bản \$previous\""
  exit 0
fi

[ -f "$site/index.html" ] || { echo "Lỗi – $site/ chưa có trang: chạy make build trước" >&2; exit 1; }
name=$(date -u +%Y%m%dT%H%M%S.%3NZ)-$(git rev-parse --short HEAD 2>/dev/null || echo local)
remote "mkdir -p '$dir/releases'"
previous=$(remote "cd '$dir' && readlink current || true")
link=()
[ -n "$previous" ] && link=(--link-dest="../$(basename "$previous")")
rsync -a --delete "${link[@]}" "$site/" "$dest/releases/$name/"
remote "set -e; cd '$dir'; ln -sfn 'releases/$name' current.new && mv -T current.new current
  ls -1 releases | sort | head -n -$KEEP | while read -r old; do rm -rf \"releases/\$old\"; done"
echo "Đã phát hành bản $name vào $target (giữ $KEEP bản gần nhất)."
