# Shared by scripts/cassandra (one node) and scripts/cassandra-cluster (three nodes on
# 127.0.0.1-3): sourced, never run. Fetching the server from Maven Central, finding Java 17, a
# node's cassandra.yaml and JVM options, starting and stopping a node's JVM, driver probes.
# The caller sets TAG (message prefix) and may set CASSANDRA_VERSION, CASSANDRA_CACHE_DIR,
# JAVA17_HOME, PYTHON before sourcing.
# shellcheck shell=bash

VERSION=${CASSANDRA_VERSION:-5.0.8}
PYTHON=${PYTHON:-python3}
CACHE=${CASSANDRA_CACHE_DIR:-$HOME/.cache/interview-autopilot/cassandra}
LIB=$CACHE/lib-$VERSION
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROBE=$SCRIPT_DIR/cassandra_probe.py

say() { printf '[%s] %s\n' "${TAG:-cassandra}" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

# Java 17 explicitly: Cassandra 5.0 installs a SecurityManager, which JDK 24+ (e.g. the
# machine's Temurin 25, maybe first on PATH) refuses, so `java` from PATH is not trusted.
find_java17() {
  local c
  for c in "${JAVA17_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/*17*; do
    if [[ -n $c && -x $c/bin/java ]] && "$c/bin/java" -version 2>&1 | grep -q 'version "17'; then
      echo "$c/bin/java"; return 0
    fi
  done
  die "no JDK 17 found (set JAVA17_HOME)"
}

# Resolve the server jars once per version; the marker file says the copy finished.
ensure_lib() {
  [[ -f $LIB/.complete ]] && return 0
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch cassandra-all $VERSION)"
  say "fetching cassandra-all $VERSION and its runtime deps into $LIB (first run only)"
  local build=$CACHE/build-$VERSION
  rm -rf "$build" "$LIB.tmp" && mkdir -p "$build"
  # A copy of the pom so Maven writes nothing into the repo.
  cp "$SCRIPT_DIR/cassandra-pom.xml" "$build/pom.xml"
  mvn -B -f "$build/pom.xml" -Dcassandra.version="$VERSION" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB.tmp" >"$build/mvn.log" 2>&1 \
    || { tail -n 30 "$build/mvn.log"; die "maven could not resolve cassandra-all $VERSION"; }
  mv "$LIB.tmp" "$LIB" && touch "$LIB/.complete" && rm -rf "$build"
}

# pid_alive PIDFILE
pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
# port_open HOST PORT. bash's /dev/tcp avoids needing nc; the subshell closes the socket at once.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# write_node_config RUN ADDRESS SEEDS TOKEN CLUSTER_NAME NATIVE_PORT STORAGE_PORT MEMTABLE_MIB
# A node's cassandra.yaml and logback.xml under RUN/conf (data and logs under RUN too).
# SEEDS is "host:port,host:port"; TOKEN its one initial token (no token-allocation wait).
write_node_config() {
  local run=$1 addr=$2 seeds=$3 token=$4 name=$5 port=$6 storage=$7 memtable=$8
  mkdir -p "$run"/{conf,data,commitlog,saved_caches,hints,cdc_raw,logs,tmp,triggers}
  cat >"$run/conf/cassandra.yaml" <<EOF
# Written by scripts/${TAG:-cassandra} on each fresh start; edits here are lost.
cluster_name: $name
num_tokens: 1
initial_token: $token   # one fixed token: no token-allocation wait
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch   # datacenter1 / rack1
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "$seeds"
listen_address: $addr
rpc_address: $addr
storage_port: $storage
native_transport_port: $port
start_native_transport: true
auto_bootstrap: false
storage_compatibility_mode: NONE   # fresh node, nothing to upgrade from: 5.0 formats
data_file_directories: [$run/data]
commitlog_directory: $run/commitlog
saved_caches_directory: $run/saved_caches
hints_directory: $run/hints
cdc_raw_directory: $run/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 16MiB
auto_snapshot: false
# Sized for a 2-core box and a small heap.
memtable_heap_space: ${memtable}MiB
memtable_offheap_space: ${memtable}MiB
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
concurrent_compactors: 1
# No key or counter cache: every TRUNCATE (the tests empty their keyspaces between tests)
# walks both caches whole to drop the table's entries, the largest CPU cost of a test node
# in a profile; a test or dev node reads mostly from memtables anyway.
key_cache_size: 0MiB
counter_cache_size: 0MiB
authenticator: PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
EOF
  cat >"$run/conf/logback.xml" <<EOF
<configuration scan="false">
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$run/logs/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
EOF
}

# node_jvm_opts RUN HEAP [extra JVM options...]: sets the array JVM_OPTS.
node_jvm_opts() {
  local run=$1 heap=$2; shift 2
  JVM_OPTS=(
    -ea -Xss256k "-Xms$heap" "-Xmx$heap" -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError
    -Djava.net.preferIPv4Stack=true -Dchronicle.analytics.disable=true
    # G1 and (with the --add-exports/--add-opens below) 5.0's conf/jvm17-server.options.
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1
    -XX:MaxGCPauseMillis=300 -XX:InitiatingHeapOccupancyPercent=70
    -Djdk.attach.allowAttachSelf=true
    -Dio.netty.tryReflectionSetAccessible=true   # netty direct buffers, also from jvm17-server.options
    # What bin/cassandra would set; no JMX (no cassandra.jmx.local.port).
    "-Dcassandra.config=file://$run/conf/cassandra.yaml" "-Dcassandra.storagedir=$run"
    "-Dcassandra.logdir=$run/logs" "-Dlogback.configurationFile=$run/conf/logback.xml"
    -Dcassandra-foreground=yes "-Djava.io.tmpdir=$run/tmp" "-Djna.tmpdir=$run/tmp"
    "-Dcassandra.triggers_dir=$run/triggers"
    # Test speed: no gossip-settle wait, no fsync, cheap bcrypt, the superuser soon after start.
    -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.superuser_setup_delay_ms=500
    -Dcassandra.unsafesystem=true -Dcassandra.skip_sync=true
    -Dcassandra.auth_bcrypt_gensalt_log2_rounds=4
  )
  local m
  for m in java.base/jdk.internal.misc java.management.rmi/com.sun.jmx.remote.internal.rmi \
    java.management/com.sun.jmx.remote.security java.rmi/sun.rmi.registry java.rmi/sun.rmi.server \
    java.sql/java.sql java.base/java.lang.ref jdk.unsupported/sun.misc; do
    JVM_OPTS+=(--add-exports "$m=ALL-UNNAMED")
  done
  for m in java.lang.module jdk.internal.loader jdk.internal.ref jdk.internal.reflect jdk.internal.math \
    jdk.internal.module jdk.internal.util.jar sun.nio.ch java.io java.lang.reflect java.lang java.util java.nio; do
    JVM_OPTS+=(--add-opens "java.base/$m=ALL-UNNAMED")
  done
  JVM_OPTS+=(--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)
  # jamm 0.4.0 works as an agent on JDK 17 (memtable sizing via Instrumentation); without it
  # 5.0 falls back to Unsafe-based guessing, so it is optional.
  local jamm; jamm=$(compgen -G "$LIB/jamm-*.jar" | head -n 1 || true)
  [[ -n $jamm ]] && JVM_OPTS+=("-javaagent:$jamm")
  JVM_OPTS+=("$@")
}

# launch_node JAVA RUN: start the JVM of the node configured in RUN (JVM_OPTS set); its pid goes
# to RUN/cassandra.pid. setsid+nohup: the node outlives this script and a Ctrl-C of its caller.
# The log starts empty (a failed start shows only its own lines); the previous run's log is
# kept as system.log.prev (how a node stopped in a fault test went down).
launch_node() {
  local java=$1 run=$2
  [[ -s $run/logs/system.log ]] && mv -f "$run/logs/system.log" "$run/logs/system.log.prev"
  : >"$run/logs/system.log"
  setsid nohup "$java" "${JVM_OPTS[@]}" -cp "$LIB/*:$run/conf" \
    org.apache.cassandra.service.CassandraDaemon </dev/null >"$run/logs/stdout.log" 2>&1 &
  echo $! >"$run/cassandra.pid"
}

# stop_pids [--kill] PIDFILE...: SIGTERM every live one at once (a clean shutdown: peers are
# told), then wait for all; SIGKILL whatever is still alive after 30 s. --kill: SIGKILL at once
# (a crash: peers find out through their failure detector). Removes the pid files.
stop_pids() {
  local f pids=() start=$SECONDS sig=TERM
  [[ ${1:-} == --kill ]] && { sig=KILL; shift; }
  for f in "$@"; do
    if pid_alive "$f"; then pids+=("$(cat "$f")"); kill "-$sig" "${pids[-1]}"; fi
  done
  if ((${#pids[@]})); then
    say "stopping pid ${pids[*]} (SIG$sig)"
    local p alive
    while :; do
      alive=()
      for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
      ((${#alive[@]})) || break
      if (( SECONDS - start >= 30 )); then
        say "still alive after 30s: SIGKILL ${alive[*]}"; kill -KILL "${alive[@]}"; sleep 1; break
      fi
      printf '.'; sleep 1
    done
    echo
    say "stopped after $((SECONDS - start))s"
  fi
  rm -f "$@"
}

# log_tail RUN: the end of a node's logs after a failed start. Some lines (config dump,
# classpath) are huge: cut them. Errors before logback is set up only reach stdout.
log_tail() {
  local run=$1
  say "last 40 lines of $run/logs/system.log:"
  tail -n 40 "$run/logs/system.log" 2>/dev/null | cut -c1-300 || true
  if [[ -s $run/logs/stdout.log ]]; then
    say "last 20 lines of $run/logs/stdout.log:"; tail -n 20 "$run/logs/stdout.log" | cut -c1-300
  fi
}

# probe MODE ARGS...: scripts/cassandra_probe.py with the driver (cassandra/cassandra).
# Exit 0 ok, 1 timeout or failure (reason on stderr), 3 when the driver is not importable.
probe() { "$PYTHON" "$PROBE" "$@"; }
