#!/usr/bin/env bash
# Verifies the image tarball without a container engine (docs/image.md): reads its config, unpacks its layers into
# a temporary root filesystem, checks what is in it, then runs the image's own entrypoint with the image's own
# runtime: `--version` and the production command `run` against the embedded API and VpcIpam simulator of a sandbox
# started on this machine from tools/sandbox/target/vpc-ipam-sandbox.jar (the image holds the operator alone: no
# sandbox, simulator, benchmark or test library, which step 3 checks), with /healthz, /readyz and /metrics.
#
# As root with unshare(1) (util-linux >= 2.38), the commands run like a container would run them: inside the
# unpacked rootfs (its dynamic loader and libc, nothing from this machine), in a private mount namespace with the
# root filesystem read-only, a tmpfs on /tmp, /proc, a few /dev nodes, as UID/GID 65532 without capabilities.
# Otherwise (--mode host) the unpacked java runs on this machine's libc: that proves the runtime's modules only.
#
# usage: image/verify-image.sh [--tarball FILE] [--lib DIR] [--sandbox JAR] [--max-mb N] [--mode auto|rootfs|host]
#                               [--keep]
#   --tarball  the image                         default target/vpc-ipam-operator-image.tar
#   --lib      where jackson-*.jar are            default target/lib (./mvnw package copies them)
#   --sandbox  the sandbox's jar                  default tools/sandbox/target/vpc-ipam-sandbox.jar
#   --max-mb   fail when the tarball is larger    default 100
#   --keep     keep the unpacked image (its path is printed)
set -euo pipefail

TARBALL=target/vpc-ipam-operator-image.tar
LIB=target/lib
SANDBOX_JAR=${SANDBOX_JAR:-tools/sandbox/target/vpc-ipam-sandbox.jar}
MAX_MB=100
MODE=auto
KEEP=0
EXPECTED_USER=65532
EXPECTED_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
MAIN_CLASS=dev.alicloud.ipam.Main

fail() { echo "verify-image: FAIL: $*" >&2; exit 1; }
ok() { echo "  ok    $*"; }
now_ms() { date +%s%3N; }
since() { echo "$(( ($(now_ms) - $1) ))ms" | sed -E 's/^([0-9]+)([0-9]{3})ms$/\1.\2s/'; }

# http_get PORT PATH FILE: GET http://127.0.0.1:PORT/PATH into FILE with bash's /dev/tcp; true when 200.
http_get() {
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
  timeout 10 cat <&3 > "$3" || true
  exec 3<&- 3>&-
  head -n 1 "$3" | grep -q '^HTTP/1.[01] 200'
}

# ----------------------------------------------------------------------------------------------------------------
# The runtime checks; run in the caller's mount namespace (`--inside WORK MODE`), so that the mounts of the rootfs
# mode vanish with it.
inside() {
  local work="$1" mode="$2"
  local R="$work/rootfs"
  STARTED=()
  trap 'for p in "${STARTED[@]}"; do kill -KILL "$p" 2>/dev/null || true; done' EXIT
  mapfile -t ENTRYPOINT < <(sed -n 's/^entrypoint\t//p' "$work/image.txt")
  mapfile -t ENV < <(sed -n 's/^env\t//p' "$work/image.txt")
  local workdir version
  workdir="$(sed -n 's/^workdir\t//p' "$work/image.txt")"
  version="$(sed -n 's/^label\torg.opencontainers.image.version=//p' "$work/image.txt")"

  if [ "$mode" = rootfs ]; then
    # What a container runtime provides: mount points, then a read-only root, /proc, /dev, a tmpfs on /tmp, the
    # host's /etc/hosts and /etc/resolv.conf.
    mkdir -p "$R/proc" "$R/dev"
    touch "$R/etc/hosts" "$R/etc/resolv.conf"
    mount --bind "$R" "$R"
    mount -o remount,bind,ro "$R"
    mount -t proc proc "$R/proc"
    mount -t tmpfs -o mode=755,size=1m dev "$R/dev"
    for node in null zero random urandom; do
      touch "$R/dev/$node"
      mount --bind "/dev/$node" "$R/dev/$node"
    done
    mount -o remount,ro "$R/dev"
    mount -t tmpfs -o mode=1777,size=512m tmpfs "$R/tmp"
    [ -f /etc/hosts ] && mount --bind /etc/hosts "$R/etc/hosts"
    [ -f /etc/resolv.conf ] && mount --bind /etc/resolv.conf "$R/etc/resolv.conf"
    if touch "$R/opt/java/probe" 2>/dev/null; then fail "the root filesystem is writable"; fi
    TMP_ON_HOST="$R/tmp"
    UNSHARE="$(command -v unshare)"
    image() {  # image [VAR=VALUE...] -- ARGS...: the image's entrypoint with ARGS, as its user, in its rootfs
      local extra=()
      while [ "$1" != -- ]; do extra+=("$1"); shift; done
      shift
      ${EXEC:+exec} ${TIMEOUT:+timeout "$TIMEOUT"} env -i "${ENV[@]}" HOSTNAME=verify-image "${extra[@]}" \
          "$UNSHARE" --root="$R" --wd="${workdir:-/}" --setgid="$EXPECTED_USER" --setuid="$EXPECTED_USER" \
          "${ENTRYPOINT[@]}" "$@"
    }
  else
    # The entrypoint with the rootfs prefixed to its paths; a scratch directory stands for /tmp.
    TMP_ON_HOST="$work/tmp"
    mkdir -p "$TMP_ON_HOST"
    local cp
    cp="$(tr ':' '\n' < "$R/app/jib-classpath-file" | sed "s|^/|$R/|" | paste -sd: -)"
    local args=()
    for a in "${ENTRYPOINT[@]}"; do
      case "$a" in
        /opt/java/bin/java) args+=("$R/opt/java/bin/java") ;;
        @/app/jib-classpath-file) args+=("$cp") ;;
        *) args+=("$a") ;;
      esac
    done
    ENTRYPOINT=("${args[@]}")
    image() {
      local extra=()
      while [ "$1" != -- ]; do extra+=("$1"); shift; done
      shift
      local replaced=() a
      for a in "$@"; do replaced+=("${a//\/tmp\//$TMP_ON_HOST/}"); done
      for a in "${!extra[@]}"; do extra[$a]="${extra[$a]//=\/tmp\//=$TMP_ON_HOST/}"; done
      cd "$TMP_ON_HOST"
      ${EXEC:+exec} ${TIMEOUT:+timeout "$TIMEOUT"} env -i "${ENV[@]}" PATH="/usr/bin:/bin" "${extra[@]}" \
          "${ENTRYPOINT[@]}" \
          "${replaced[@]}"
    }
  fi

  local t out
  t=$(now_ms)
  local rc=0
  out="$(image JDK_JAVA_OPTIONS=-XshowSettings:properties -- --version 2>&1)" || rc=$?
  [ "$rc" = 0 ] || { echo "$out" >&2; fail "--version exited with $rc"; }
  echo "$out" | grep -qF "$version" || { echo "$out" >&2; fail "--version does not print the label's version $version"; }
  ok "--version: $(echo "$out" | grep -F "$version" | head -n 1) ($(since "$t"))"
  if [ "$mode" = rootfs ]; then
    for prop in "user.name = operator" "user.home = /tmp" "java.home = /opt/java" "file.encoding = UTF-8" \
        "java.io.tmpdir = /tmp"; do
      echo "$out" | grep -qF "    $prop" || { echo "$out" >&2; fail "JVM property $prop expected"; }
    done
    ok "JVM: $(echo "$out" | sed -n 's/^ *java.runtime.version = /Java /p'), user.name operator, user.home /tmp," \
        "file.encoding UTF-8, JAVA_TOOL_OPTIONS picked up"
    echo "$out" | grep -qF "Picked up JAVA_TOOL_OPTIONS: $EXPECTED_TOOL_OPTIONS" || fail "JAVA_TOOL_OPTIONS not picked up"
  fi

  # `run` (the production command) against the embedded API and VpcIpam simulator of a sandbox on this machine,
  # which writes its kubeconfig where the image's /tmp is.
  local sandbox_log="$work/sandbox.log" run_log="$work/run.log" port sandbox_pid run_pid sim kubeconfig
  java -jar "$SANDBOX_JAR" --kubeconfig-out "$TMP_ON_HOST/sandbox/kubeconfig" > "$sandbox_log" 2>&1 &
  sandbox_pid=$!
  STARTED+=("$sandbox_pid")
  kubeconfig="$TMP_ON_HOST/sandbox/kubeconfig"
  for _ in $(seq 1 120); do
    grep -q '^  VpcIpam ' "$sandbox_log" && [ -s "$kubeconfig" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$sandbox_log" >&2; fail "the sandbox for run stopped"; }
    sleep 0.5
  done
  sim="$(sed -n 's/^  VpcIpam *\(http[^ ]*\).*/\1/p' "$sandbox_log" | head -n 1)"
  [ -n "$sim" ] || { cat "$sandbox_log" >&2; fail "the sandbox printed no VpcIpam endpoint"; }
  port=$(( 20000 + RANDOM % 20000 ))
  t=$(now_ms)
  EXEC=1 image KUBECONFIG=/tmp/sandbox/kubeconfig IPAM_CLUSTER_ID=verify-image IPAM_CLOUD_ENDPOINT="$sim" \
      IPAM_HTTP_PORT="$port" ALIBABA_CLOUD_ACCESS_KEY_ID=verify ALIBABA_CLOUD_ACCESS_KEY_SECRET=verify \
      -- run > "$run_log" 2>&1 &
  run_pid=$!
  STARTED+=("$run_pid")
  local health=0
  # /healthz is checked when the application serves it (the string is in its classes).
  mkdir -p "$work/app"
  for jar in "$R"/app/classpath/*.jar; do (cd "$work/app" && "$JAR" xf "$jar"); done
  [ -d "$R/app/classes" ] && cp -r "$R/app/classes/." "$work/app/"
  if grep -rqF --include='*.class' /healthz "$work/app"; then health=1; fi
  local up=0
  for _ in $(seq 1 120); do
    kill -0 "$run_pid" 2>/dev/null || { cat "$run_log" >&2; fail "run exited"; }
    if [ "$health" = 1 ]; then
      if http_get "$port" /healthz "$work/healthz" && http_get "$port" /readyz "$work/readyz"; then up=1; fi
    elif grep -q 'connecting to' "$run_log"; then
      sleep 5
      kill -0 "$run_pid" 2>/dev/null && up=1
    fi
    [ "$up" = 1 ] && break
    sleep 0.5
  done
  [ "$up" = 1 ] || { cat "$run_log" >&2; fail "run did not come up"; }
  if [ "$health" = 1 ]; then
    # JVM and process metrics: process_cpu_usage needs jdk.management (com.sun.management, read reflectively).
    http_get "$port" /metrics "$work/metrics" || { cat "$work/metrics" >&2; fail "GET /metrics is not 200"; }
    for metric in jvm_memory_used_bytes process_cpu_usage; do
      grep -qE "^$metric(\{[^}]*\})? [0-9]" "$work/metrics" || { cat "$work/metrics" >&2; fail "/metrics lacks $metric"; }
    done
  fi
  local status uid gid groups capeff
  status="$(cat "/proc/$run_pid/status")"
  uid="$(echo "$status" | awk '/^Uid:/ {print $2, $3, $4, $5}')"
  gid="$(echo "$status" | awk '/^Gid:/ {print $2, $3, $4, $5}')"
  groups="$(echo "$status" | awk '/^Groups:/ {$1=""; print}' | xargs)"
  capeff="$(echo "$status" | awk '/^CapEff:/ {print $2}')"
  if [ "$mode" = rootfs ]; then
    [ "$uid" = "65532 65532 65532 65532" ] && [ "$gid" = "65532 65532 65532 65532" ] \
        || fail "run's process has Uid $uid, Gid $gid"
    [ -z "$groups" ] || [ "$groups" = 65532 ] || fail "run's process has supplementary groups $groups"
    [ "$capeff" = 0000000000000000 ] || fail "run's process has capabilities $capeff"
    ok "run: up$([ "$health" = 1 ] && echo ", /healthz, /readyz, /metrics 200 on $port") ($(since "$t")), as uid/gid 65532," \
        "groups [${groups}], no capabilities, read-only root"
  else
    ok "run: up$([ "$health" = 1 ] && echo ", /healthz, /readyz, /metrics 200 on $port") ($(since "$t")) (as uid $uid: host mode)"
  fi
  [ "$health" = 1 ] || echo "  note  this build serves no /healthz yet: run checked by its log and staying up"
  t=$(now_ms)
  kill -TERM "$run_pid"
  rc=0
  timeout 30 tail --pid="$run_pid" -f /dev/null || fail "run did not stop within 30 s of SIGTERM"
  wait "$run_pid" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 143 ] || { cat "$run_log" >&2; fail "run exited with $rc on SIGTERM"; }
  ok "run: stopped on SIGTERM with exit code $rc ($(since "$t"))"
  kill -TERM "$sandbox_pid" 2>/dev/null || true
  wait "$sandbox_pid" 2>/dev/null || true
}

if [ "${1:-}" = --inside ]; then
  inside "$2" "$3"
  exit 0
fi

# ----------------------------------------------------------------------------------------------------------------
while [ $# -gt 0 ]; do
  case "$1" in
    --tarball) TARBALL="$2"; shift 2 ;;
    --lib) LIB="$2"; shift 2 ;;
    --sandbox) SANDBOX_JAR="$2"; shift 2 ;;
    --max-mb) MAX_MB="$2"; shift 2 ;;
    --mode) MODE="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "verify-image: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$TARBALL" ] || fail "$TARBALL not found: build it with ./mvnw -Pimage -DskipTests package"
JACKSON="$(ls "$LIB"/jackson-core-*.jar "$LIB"/jackson-databind-*.jar "$LIB"/jackson-annotations-*.jar 2>/dev/null \
    | paste -sd: -)"
[ -n "$JACKSON" ] || fail "no jackson jars in $LIB"
[ -f "$SANDBOX_JAR" ] || fail "$SANDBOX_JAR not found: build it with ./mvnw -DskipTests package"
SANDBOX_JAR="$(readlink -f "$SANDBOX_JAR")"
export SANDBOX_JAR
JAR="$(dirname "$(readlink -f "$(command -v java)")")/jar"
[ -x "$JAR" ] || fail "no jar tool next to $(command -v java): a JDK is needed"
export JAR

START=$(now_ms)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/verify-image.XXXXXX")"
if [ "$KEEP" = 1 ]; then echo "verify-image: unpacked into $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
echo "verify-image: $TARBALL"

# 1. The config.
mkdir -p "$WORK/archive"
tar -xf "$TARBALL" -C "$WORK/archive"
java -cp "$JACKSON" "$(dirname "$0")/ImageConfig.java" "$WORK/archive" > "$WORK/image.txt" 2> "$WORK/image.err" \
    || { cat "$WORK/image.err" >&2; fail "cannot read the image's manifest and config"; }
get() { sed -n "s/^$1\t//p" "$WORK/image.txt"; }
label() { get label | sed -n "s/^$1=//p"; }
[ "$(get user)" = "$EXPECTED_USER:$EXPECTED_USER" ] || fail "config User is '$(get user)', not $EXPECTED_USER:$EXPECTED_USER"
ok "user $(get user) (not root)"
mapfile -t ENTRYPOINT < <(get entrypoint)
[ "${ENTRYPOINT[0]:-}" = /opt/java/bin/java ] && [ "${ENTRYPOINT[-1]}" = "$MAIN_CLASS" ] \
    && printf '%s\n' "${ENTRYPOINT[@]}" | grep -qx -- '@/app/jib-classpath-file' \
    || fail "entrypoint is [${ENTRYPOINT[*]}]"
ok "entrypoint [${ENTRYPOINT[*]}]"
[ "$(get cmd | paste -sd' ' -)" = run ] || fail "default args are [$(get cmd | paste -sd' ' -)], not [run]"
ok "default args [run]"
get env | grep -qxF "JAVA_TOOL_OPTIONS=$EXPECTED_TOOL_OPTIONS" || fail "JAVA_TOOL_OPTIONS is not '$EXPECTED_TOOL_OPTIONS'"
ok "env $(get env | paste -sd' ' -)"
get port | grep -qx 8080/tcp || fail "port 8080/tcp is not exposed"
[ "$(get workdir)" = /tmp ] || fail "working directory is '$(get workdir)', not /tmp"
ok "exposes $(get port | paste -sd' ' -), working directory /tmp, $(get os)/$(get architecture), $(get format) format"
for l in title source version licenses; do
  [ -n "$(label "org.opencontainers.image.$l")" ] || fail "label org.opencontainers.image.$l missing"
done
[ "$(label org.opencontainers.image.licenses)" = Apache-2.0 ] || fail "licenses label is not Apache-2.0"
get label | while read -r l; do ok "label $l"; done

# 2. The layers, in order, into one root filesystem.
mkdir -p "$WORK/rootfs"
ROOT=0; [ "$(id -u)" = 0 ] && ROOT=1
: > "$WORK/listing.txt"
while read -r layer; do
  tar --warning=no-unknown-keyword --numeric-owner -tvzf "$WORK/archive/$layer" >> "$WORK/listing.txt"
  tar --warning=no-unknown-keyword -xzpf "$WORK/archive/$layer" -C "$WORK/rootfs" $([ "$ROOT" = 1 ] || echo --no-same-owner)
done < <(get layer)
R="$WORK/rootfs"
if grep -q '\.wh\.' "$WORK/listing.txt"; then fail "the layers hold whiteouts"; fi
if awk '{print $2}' "$WORK/listing.txt" | grep -qv '^0/0$'; then fail "some files are not owned by 0:0"; fi
ok "$(get layer | wc -l) layers, $(wc -l < "$WORK/listing.txt") entries, all owned by root (read-only for 65532)"

# 3. What is in it.
grep -qx 'operator:x:65532:65532:[^:]*:/tmp:[^:]*' "$R/etc/passwd" || fail "/etc/passwd lacks operator (65532, home /tmp)"
grep -qx 'operator:x:65532:' "$R/etc/group" || fail "/etc/group lacks operator (65532)"
ok "/etc/passwd and /etc/group: operator 65532"
top="$(cd "$R" && ls -A | paste -sd' ' -)"
[ "$top" = "app etc lib lib64 opt tmp usr" ] || fail "unexpected top-level entries: $top"
for f in bin/sh bin/bash usr/bin/sh sbin/apk usr/bin/apt usr/bin/dpkg; do
  [ ! -e "$R/$f" ] || fail "/$f is in the image"
done
ok "top level: $top (no shell, no package manager)"
[ "$(stat -c %a "$R/opt/java/bin/java")" = 755 ] || fail "/opt/java/bin/java is not 755"
[ "$(stat -c %a "$R/opt/java/lib/jspawnhelper")" = 755 ] || fail "/opt/java/lib/jspawnhelper is not 755"
tmpmode="$(stat -c %a "$R/tmp")"; [ "$tmpmode" = 777 ] || [ "$tmpmode" = 1777 ] || fail "/tmp is $tmpmode"
writable="$(cd "$R" && find . -perm -o+w ! -path ./tmp ! -type l)"
[ -z "$writable" ] || fail "world-writable besides /tmp: $writable"
setid="$(cd "$R" && find . -type f -perm /6000)"
[ -z "$setid" ] || fail "setuid/setgid files: $setid"
ok "java, jspawnhelper 755; /tmp $tmpmode; nothing else writable; no setuid/setgid files"
# The operator alone: no tool of tools/ and no test library, as classes or as jars.
(cd "$R/app" && find . -name '*.jar') > "$WORK/app-jars.txt"
for jar in $(cat "$WORK/app-jars.txt"); do
  "$JAR" tf "$R/app/$jar" | sed "s|^|$jar!|"
done > "$WORK/app-entries.txt"
(cd "$R/app" && find . -name '*.class') >> "$WORK/app-entries.txt"
tools="$(grep -E 'dev/alicloud/ipam/(sandbox|simulator|benchmark|kubeapi|crd|testing)/' "$WORK/app-entries.txt" \
    | head -n 3 || true)"
[ -z "$tools" ] || fail "tool classes in the image: $tools"
libs="$(grep -E '/(vpc-ipam-(sandbox|simulator|benchmark|kube-api|crd-columns|test-support)|kubernetes-server-mock|mockwebserver|junit|assertj|awaitility|cel|re2j)-[^/]*\.jar$' \
    "$WORK/app-jars.txt" | head -n 3 || true)"
[ -z "$libs" ] || fail "tool or test libraries in the image: $libs"
CLASSES="$(grep -cE 'dev/alicloud/ipam/.*\.class$' "$WORK/app-entries.txt" || true)"
ok "the operator alone: $(wc -l < "$WORK/app-jars.txt") jars, $CLASSES operator classes, no tool or test library"
MODULES="$(sed -n 's/^MODULES="\(.*\)"/\1/p' "$R/opt/java/release" | tr ' ' ',')"
ok "runtime: $(sed -n 's/^JAVA_VERSION="\(.*\)"/Java \1/p' "$R/opt/java/release"), modules $MODULES"
ok "libraries: $(cd "$R" && find lib lib64 -type f | sort | paste -sd' ' -)"
BYTES=$(stat -c %s "$TARBALL")
[ "$BYTES" -le $(( MAX_MB * 1024 * 1024 )) ] || fail "the tarball is $BYTES bytes, more than $MAX_MB MiB"
ok "size: tarball $(( BYTES / 1024 / 1024 )) MiB ($BYTES bytes, limit $MAX_MB MiB); unpacked $(du -sm "$R" | cut -f1) MiB" \
    "(runtime $(du -sm "$R/opt/java" | cut -f1), libraries $(du -cm "$R/lib" "$R/lib64" | tail -n 1 | cut -f1)," \
    "application $(du -sm "$R/app" | cut -f1))"

# 4. Run it.
if [ "$MODE" = auto ]; then
  MODE=host
  if [ "$ROOT" = 1 ] && unshare --help 2>/dev/null | grep -q -- '--setuid' \
      && unshare --mount --fork true 2>/dev/null; then
    MODE=rootfs
  fi
fi
if [ "$MODE" = rootfs ]; then
  echo "verify-image: running inside the rootfs (read-only, tmpfs /tmp, uid/gid 65532)"
  unshare --mount --propagation private --fork "$(readlink -f "$0")" --inside "$WORK" rootfs
else
  echo "verify-image: running the unpacked java on this machine's libc (host mode: modules only, as uid $(id -u))"
  "$(readlink -f "$0")" --inside "$WORK" host
fi
echo "verify-image: OK in $(since "$START")"
