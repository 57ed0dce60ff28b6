#!/usr/bin/env bash
# Builds the root filesystem that goes on top of `scratch` (Jib's extraDirectories in the `image` profile of
# pom.xml; the Dockerfile's rootfs stage; docs/image.md): a Java runtime made by jlink from the local JDK, the
# shared libraries it links against (found with ldd on this glibc-based Linux machine), a minimal /etc/passwd and
# /etc/group with the user `operator` (65532), and /tmp. Nothing here is committed: it is generated into target/.
#
# usage: image/build-rootfs.sh [--out DIR] [--classes DIR] [--lib DIR] [--java-home JDK]
#                              [--modules LIST] [--extra-modules LIST] [--exclude-modules LIST]
#   --out              rootfs to (re)create                      default target/image-rootfs
#   --classes, --lib   the application's classes and runtime jars default target/classes, target/lib
#   --java-home        JDK whose jlink and jmods make the runtime  default $JAVA_HOME, else the `java` on PATH
#   --modules          a fixed module list instead of jdeps's (the extras are still added)
#                                                                 default: jdeps --print-module-deps
#   --extra-modules    modules jdeps cannot see (providers, reflection)   default jdk.crypto.ec,jdk.management
#   --exclude-modules  modules jdeps reports but the operator never loads default java.desktop
#   --arch             the image's architecture (amd64, arm64): must be this machine's  default: this machine's
set -euo pipefail

OUT=target/image-rootfs
CLASSES=target/classes
LIB=target/lib
JDK="${JAVA_HOME:-}"
MODULES=""
# jdk.crypto.ec: the SunEC provider (ECDHE key exchange, ECDSA certificates in TLS) is found through the security
#   provider list, never by a static reference, so jdeps cannot see it; without it TLS to most endpoints fails.
# jdk.management: com.sun.management.OperatingSystemMXBean, read reflectively by Micrometer's process metrics.
EXTRA="jdk.crypto.ec,jdk.management"
# java.desktop (AWT, Swing, java.beans) is referenced only by code paths the operator never takes: Jackson's
#   optional @ConstructorProperties support (loaded defensively), SnakeYAML's JavaBean introspector, dom4j's
#   bean/swing packages, commons-lang3's circuit breaker. It would add ~10 MB and X11/freetype/ALSA libraries.
EXCLUDE="java.desktop"
ARCH=""

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --classes) CLASSES="$2"; shift 2 ;;
    --lib) LIB="$2"; shift 2 ;;
    --java-home) JDK="$2"; shift 2 ;;
    --modules) MODULES="$2"; shift 2 ;;
    --extra-modules) EXTRA="$2"; shift 2 ;;
    --exclude-modules) EXCLUDE="$2"; shift 2 ;;
    --arch) ARCH="$2"; shift 2 ;;
    *) echo "build-rootfs: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ -z "$JDK" ] || [ ! -x "$JDK/bin/jlink" ]; then
  JDK="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
for tool in jlink jdeps java; do
  [ -x "$JDK/bin/$tool" ] || { echo "build-rootfs: $JDK/bin/$tool not found: --java-home must name a JDK" >&2; exit 1; }
done
case "$(uname -m)" in
  x86_64) MACHINE=amd64 ;;
  aarch64) MACHINE=arm64 ;;
  *) MACHINE="$(uname -m)" ;;
esac
if [ -n "$ARCH" ] && [ "$ARCH" != "$MACHINE" ]; then
  echo "build-rootfs: the image is to be $ARCH but this machine is $MACHINE, and the runtime and its libraries" \
      "come from this machine: build with -Dimage.arch=$MACHINE (or on an $ARCH machine)" >&2
  exit 1
fi
command -v ldd >/dev/null || { echo "build-rootfs: ldd not found (glibc's libc-bin)" >&2; exit 1; }
[ -d "$CLASSES" ] && [ -d "$LIB" ] || { echo "build-rootfs: $CLASSES or $LIB missing: run the package phase" >&2; exit 1; }

FEATURE="$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${FEATURE:-0}" -ge 17 ] 2>/dev/null || { echo "build-rootfs: need a JDK 17 or later, $JDK is '$FEATURE'" >&2; exit 1; }

# 1. The modules: what the classes and jars reference statically, plus the extras, minus the exclusions.
if [ -z "$MODULES" ]; then
  MODULES="$("$JDK/bin/jdeps" --ignore-missing-deps --multi-release "$FEATURE" --print-module-deps \
      --class-path "$LIB/*" "$CLASSES" "$LIB"/*.jar 2>/dev/null | tail -n 1)"
  case "$MODULES" in java.base*) ;; *) echo "build-rootfs: jdeps failed: '$MODULES'" >&2; exit 1 ;; esac
fi
MODULES="$(printf '%s\n' "${MODULES//,/$'\n'}" "${EXTRA//,/$'\n'}" | sed '/^$/d' | sort -u \
    | grep -vxF -f <(printf '%s\n' "${EXCLUDE//,/$'\n'}" | sed '/^$/d'; echo '-none-') | paste -sd, -)"

# 2. The runtime, rebuilt only when the module list or the JDK changed (jlink takes ~20 s).
if [ "$FEATURE" -ge 21 ]; then COMPRESS="--compress=zip-6"; else COMPRESS="--compress=2"; fi
STAMP="$MODULES $("$JDK/bin/java" -version 2>&1 | tr '\n' ' ') $COMPRESS $(uname -m) $(cksum < "$0")"
if [ -d "$OUT" ] && [ -f "$OUT.stamp" ] && [ "$(cat "$OUT.stamp")" = "$STAMP" ]; then
  echo "build-rootfs: $OUT is up to date ($MODULES)"
  exit 0
fi
rm -rf "$OUT" "$OUT.jlink" "$OUT.stamp"
mkdir -p "$OUT"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files $COMPRESS \
    --output "$OUT.jlink"
# jlink links duplicated legal notices as symlinks; the image gets plain files only.
mkdir -p "$OUT/opt"
cp -rL "$OUT.jlink" "$OUT/opt/java"
rm -rf "$OUT.jlink"
# jexec runs jar files through binfmt_misc: of no use here.
rm -f "$OUT/opt/java/lib/jexec"

# 3. The shared libraries of every ELF file of the runtime, and the dynamic loader, at the paths ldd resolved
#    them to (the loader's default directories), as regular files.
mapfile -t elves < <(find "$OUT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
    -exec sh -c 'head -c 4 "$1" | grep -q ELF' _ {} \; -print)
RUNTIME_LIBS="$OUT/opt/java/lib:$OUT/opt/java/lib/server"
missing=0
declare -A libs=()
for elf in "${elves[@]}"; do
  while read -r line; do
    case "$line" in
      *"=> not found"*) echo "build-rootfs: $elf needs ${line%% *}, not found on this machine" >&2; missing=1 ;;
      *"=> /"*) path="$(echo "$line" | sed 's/.*=> \([^ ]*\).*/\1/')" ;;
      /*) path="${line%% *}" ;;  # the dynamic loader
      *) path="" ;;              # linux-vdso
    esac
    case "${path:-}" in ""|"$OUT"/*|"$(readlink -f "$OUT")"/*) ;; *) libs["$path"]=1 ;; esac
    path=""
  done < <(LD_LIBRARY_PATH="$RUNTIME_LIBS" ldd "$elf" 2>/dev/null || true)
done
[ "$missing" = 0 ] || exit 1
# Before glibc 2.34 the name services are loaded at run time (dlopen), which ldd cannot see: without them neither
# /etc/hosts nor DNS would resolve a host name.
GLIBC="$(ldd --version 2>&1 | sed -n '1s/.* \([0-9][0-9]*\)\.\([0-9][0-9]*\)$/\1 \2/p')"
if [ -n "$GLIBC" ] && [ "${GLIBC% *}" -eq 2 ] && [ "${GLIBC#* }" -lt 34 ]; then
  for lib in "${!libs[@]}"; do
    case "$lib" in */libc.so.6)
      for nss in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
        [ -e "$(dirname "$lib")/$nss" ] && libs["$(dirname "$lib")/$nss"]=1
      done ;;
    esac
  done
fi
for lib in "${!libs[@]}"; do
  mkdir -p "$OUT$(dirname "$lib")"
  cp -L "$lib" "$OUT$lib"
done

# License notices of the copied libraries (Debian-like hosts), next to the JDK's own legal/ directory.
if command -v dpkg >/dev/null; then
  for lib in "${!libs[@]}"; do
    pkg="$( (dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")") 2>/dev/null | head -n 1 | cut -d: -f1 || true)"
    if [ -n "$pkg" ] && [ -f "/usr/share/doc/$pkg/copyright" ]; then
      mkdir -p "$OUT/usr/share/doc/$pkg"
      cp -L "/usr/share/doc/$pkg/copyright" "$OUT/usr/share/doc/$pkg/copyright"
    fi
  done
fi

# 4. Users, name service, /tmp. The home directory is /tmp, the only writable path of the container.
mkdir -p "$OUT/etc" "$OUT/tmp"
cat > "$OUT/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
operator:x:65532:65532:vpc-ipam-operator:/tmp:/sbin/nologin
PASSWD
cat > "$OUT/etc/group" <<'GROUP'
root:x:0:
operator:x:65532:
GROUP
# /etc/hosts first (Kubernetes mounts one), then DNS.
cat > "$OUT/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS
chmod 1777 "$OUT/tmp"

echo "$STAMP" > "$OUT.stamp"
echo "build-rootfs: $OUT: $(du -sh "$OUT" | cut -f1) (Java $FEATURE runtime with $MODULES;" \
    "${#libs[@]} shared libraries)"
