#!/usr/bin/env bash
# Assembles the runtime root filesystem of the claimtrace image: the three
# binaries, exactly the shared libraries they load (their `ldd` closure, the
# dynamic loader included), the data files, a passwd/group naming the
# non-root user, and for every Debian package a file was taken from, its
# dpkg status entry and copyright file (the distroless layout that image
# scanners such as Trivy, Grype and Syft read). No shell, no package manager.
#
#   assemble-rootfs.sh OUT_DIR DATA_DIR BINARY...
#
# Runs in the Containerfile's build stage, and on a Debian 12 host for
# Containerfile.prebuilt (the libraries then come from the host, which must
# therefore be Debian 12 like the build stage). The result is copied into a
# `FROM scratch` stage.
set -euo pipefail

(($# >= 3)) || { echo "usage: $0 OUT_DIR DATA_DIR BINARY..." >&2; exit 2; }
out=$1 data_dir=$2
shift 2
readonly app_uid=65532 app_gid=65532

[[ -d "$data_dir" ]] || { echo "no data directory $data_dir" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"/{usr/local/bin,usr/share/claimtrace,etc,tmp,var/lib/claimtrace,var/lib/dpkg/status.d}
chmod 1777 "$out/tmp"

# Debian 12 has a merged /usr: /lib, /lib64, /bin, /sbin are links into /usr.
# Keep the same links so the loader's path (PT_INTERP) and ldd's paths resolve.
for dir in lib lib64 bin sbin; do
  if [[ -L "/$dir" ]]; then ln -s "$(readlink "/$dir")" "$out/$dir"; fi
done

copied_files=()
copy_file() {  # copy_file PATH: dereferenced copy at PATH's canonical place
  local source=$1 target
  target="$(readlink -f "$(dirname "$source")")/$(basename "$source")"
  mkdir -p "$out$(dirname "$target")"
  cp -L --preserve=mode "$source" "$out$target"
  copied_files+=("$(readlink -f "$source")")
}

for binary in "$@"; do
  [[ -x "$binary" ]] || { echo "not an executable: $binary" >&2; exit 1; }
  cp --preserve=mode "$binary" "$out/usr/local/bin/$(basename "$binary")"
  # "libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)" and the loader
  # line "/lib64/ld-linux-x86-64.so.2 (0x...)"; linux-vdso has no file.
  if ldd "$binary" | grep -q 'not found'; then
    ldd "$binary" >&2
    echo "$binary needs libraries that are not installed" >&2
    exit 1
  fi
  while read -r library; do
    copy_file "$library"
  done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}')
done

cp -r "$data_dir" "$out/usr/share/claimtrace/data"
find "$out/usr/share/claimtrace" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +

cat >"$out/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
claimtrace:x:$app_uid:$app_gid:claimtrace:/var/lib/claimtrace:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$out/etc/group" <<EOF
root:x:0:
claimtrace:x:$app_gid:
nogroup:x:65534:
EOF
# Name resolution for the claims address (gRPC's resolver and glibc's).
echo 'hosts: files dns' >"$out/etc/nsswitch.conf"
# CA bundle for TLS to a managed PostgreSQL once the services speak it.
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  mkdir -p "$out/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/"
fi

# Package metadata and licences for what was copied from Debian packages.
if command -v dpkg-query >/dev/null; then
  # One query for every file (dpkg reads its database once), under both the
  # path it may have been installed at (/lib/... or /usr/lib/...); the
  # spellings dpkg does not know make the query "fail": ignore that.
  mapfile -t unique_files < <(printf '%s\n' "${copied_files[@]}" | sort -u)
  mapfile -t packages < <(
    { dpkg-query -S "${unique_files[@]}" "${unique_files[@]#/usr}" 2>/dev/null || true; } |
      cut -d: -f1 | sort -u)
  for package in "${packages[@]}"; do
    dpkg-query -s "$package" >"$out/var/lib/dpkg/status.d/${package%%:*}"
    copyright="/usr/share/doc/${package%%:*}/copyright"
    if [[ -f "$copyright" ]]; then
      mkdir -p "$out/usr/share/doc/${package%%:*}"
      cp "$copyright" "$out/usr/share/doc/${package%%:*}/"
    fi
  done
fi

echo "rootfs: $# binaries, $(printf '%s\n' "${copied_files[@]}" | sort -u | wc -l) libraries, $(du -sh "$out" | cut -f1) in $out" >&2
