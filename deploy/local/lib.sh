# Shared functions of deploy/local/{up,down,status,test}. Sourced, never run.
# Needs only bash, a JDK 17+ and Maven 3.8+: HTTP checks use bash's /dev/tcp, certificates keytool.

MAIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_DIR="$MAIL_ROOT/deploy/local-infra"
INFRA_JAR="$INFRA_DIR/target/local-infra.jar"
INFRA_CP="$INFRA_DIR/target/libs/*:$INFRA_JAR"

# The six services: name, HTTP port (DESIGN.md, "Ports"). mailbox-service first: the others'
# readiness depends on its API. MAIL_PORT_OFFSET (default 0) shifts every port of the stack (HTTP,
# mail, Kafka, embedded PostgreSQL), so a second stack can run beside the first (the suite's
# LocalStackTest does). define_ports runs again once up has read the saved settings.
define_ports() {
  PORT_OFFSET=${MAIL_PORT_OFFSET:-0}
  [[ $PORT_OFFSET =~ ^[0-9]+$ ]] || die "MAIL_PORT_OFFSET=$PORT_OFFSET is not a number"
  local o=$PORT_OFFSET
  SERVICES=(mailbox-service:$((8082 + o)) smtp-gateway:$((8081 + o)) queue-relay:$((8083 + o))
            imap-gateway:$((8084 + o)) pop3-gateway:$((8085 + o)) webmail-api:$((8080 + o)))
  # The webmail's /q/health, /q/metrics and /q/openapi are on its management interface, never on
  # its public port: 9080, on 127.0.0.1 only.
  WEBMAIL_MANAGEMENT_PORT=$((9080 + o))
  # the mail ports (each may also be set alone, e.g. MAIL_SMTP_MX_PORT=2525)
  SMTP_MX_PORT=${MAIL_SMTP_MX_PORT:-$((3025 + o))} SMTP_SUBMISSION_PORT=${MAIL_SMTP_SUBMISSION_PORT:-$((3587 + o))}
  SMTP_SMTPS_PORT=${MAIL_SMTP_SMTPS_PORT:-$((3465 + o))}
  IMAP_PORT=${MAIL_IMAP_PORT:-$((3143 + o))} IMAP_TLS_PORT=${MAIL_IMAP_TLS_PORT:-$((3993 + o))}
  MANAGESIEVE_PORT=${MAIL_IMAP_MANAGESIEVE_PORT:-$((4190 + o))}
  POP3_PORT=${MAIL_POP3_PORT:-$((3110 + o))} POP3_TLS_PORT=${MAIL_POP3_TLS_PORT:-$((3995 + o))}
}
# service_port NAME: NAME's HTTP port.
service_port() {
  local entry
  for entry in "${SERVICES[@]}"; do [ "${entry%%:*}" = "$1" ] && { echo "${entry##*:}"; return 0; }; done
  return 1
}

# protocol_ports NAME: the mail ports NAME listens on besides HTTP.
protocol_ports() {
  case "$1" in
    smtp-gateway) echo "$SMTP_MX_PORT $SMTP_SUBMISSION_PORT $SMTP_SMTPS_PORT" ;;
    imap-gateway) echo "$IMAP_PORT $IMAP_TLS_PORT $MANAGESIEVE_PORT" ;;
    pop3-gateway) echo "$POP3_PORT $POP3_TLS_PORT" ;;
  esac
}

# health_port NAME PORT: where NAME answers /q/health (its HTTP port, or the webmail's management port).
health_port() {
  if [ "$1" = webmail-api ]; then echo "$WEBMAIL_MANAGEMENT_PORT"; else echo "$2"; fi
}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
define_ports

require_tools() {
  command -v java >/dev/null || die "java not found: install a JDK 17 or newer"
  command -v mvn >/dev/null || die "mvn not found: install Maven 3.8 or newer"
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Java $v is too old: 17 or newer is needed"
}

# Builds the infrastructure tools (Kafka broker jars, embedded PostgreSQL, provisioners) if missing.
ensure_infra_built() {
  : "${LOG_DIR:=$MAIL_ROOT/.local/build}"   # kafka-tool, mailctl and deploy/containers build without a stack
  # the topic list comes from mail-core: a change there (a new topic) needs a rebuild too
  if [ ! -f "$INFRA_JAR" ] || [ ! -d "$INFRA_DIR/target/libs" ] \
     || [ -n "$(find "$MAIL_ROOT/mail-core/src/main" "$INFRA_DIR/src/main/java" "$INFRA_DIR/src/main/resources" -newer "$INFRA_JAR" -type f -print -quit)" ]; then
    log "building deploy/local-infra (Kafka $(kafka_version) broker jars, embedded PostgreSQL; full output: $LOG_DIR/build.log)"
    build_with_progress -pl deploy/local-infra -am install -DskipTests || die "building local-infra failed; the end of $LOG_DIR/build.log is above"
  fi
}

# build_with_progress MAVEN-ARGS...: runs Maven into $LOG_DIR/build.log and says each module as it
# starts and how many artifacts were downloaded so far, instead of minutes of silence.
build_with_progress() {
  : "${LOG_DIR:=$MAIL_ROOT/.local/build}"
  mkdir -p "$LOG_DIR"
  # (every script here runs with pipefail: Maven's failure is the pipeline's)
  (cd "$MAIL_ROOT" && mvn -B "$@") 2>&1 | tee "$LOG_DIR/build.log" | {
    local line downloads=0
    while IFS= read -r line; do
      case "$line" in
        "[INFO] Downloaded from "*) downloads=$((downloads + 1)) ;;
        "[INFO] Building "*" ["*/*"]"*) log "  ${line#\[INFO\] } ($downloads downloads so far)" ;;
        "[INFO] BUILD "*) log "  ${line#\[INFO\] }" ;;
      esac
    done
  } && return 0
  tail -n 40 "$LOG_DIR/build.log" >&2
  return 1
}

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$INFRA_DIR/pom.xml"; }

# pid files: <state>/pids/<name>.pid
pid_file() { echo "$STATE_DIR/pids/$1.pid"; }
is_running() {
  local f pid
  f=$(pid_file "$1"); [ -f "$f" ] || return 1
  pid=$(cat "$f"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # a process killed a moment ago stays a zombie until it is reaped: that is not running
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]
}

# stop_process NAME [grace seconds]: SIGTERM, wait, then SIGKILL. Returns once the process is gone.
stop_process() {
  local name=$1 grace=${2:-30} f pid i
  f=$(pid_file "$name"); [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < grace * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop within ${grace}s, killing it"
      kill -KILL "$pid" 2>/dev/null; sleep 0.5
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}

# http_status URL-PATH PORT: prints the HTTP status code of GET http://127.0.0.1:PORT/PATH, or 000.
http_status() {
  local path=$1 port=$2 line
  line=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
           printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
           timeout 5 head -n 1 <&3) 2>/dev/null)
  set -- $line
  echo "${2:-000}"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The processes this run of up started (and only these are stopped if it fails).
STARTED=()

# wait_port_free PORT WHAT: a process killed a moment ago (kill -9) may hold its port until it is
# reaped; wait up to MAIL_PORT_WAIT seconds (20) before calling the port taken.
wait_port_free() {
  local port=$1 what=$2 i
  for ((i = 0; i < ${MAIL_PORT_WAIT:-20} * 4; i++)); do
    port_open "$port" || return 0
    [ "$i" = 0 ] && log "port $port for $what is still held; waiting for it to be released"
    sleep 0.25
  done
  return 1
}

# ---- the settings a stack keeps (docs/local-infrastructure.md, "Settings") ----

# The environment variables that make up a stack's settings: every MAIL_* (except the ones that
# only steer this script), the ports, heaps, demo password and the PostgreSQL server.
settings_names() {
  compgen -e | grep -E '^(MAIL_|KAFKA_PORT$|KAFKA_CONTROLLER_PORT$|KAFKA_HEAP$|SERVICE_HEAP$|DEMO_PASSWORD$|PG(HOST|PORT|USER|DATABASE|PASSWORD)$)' \
    | grep -vE '^MAIL_(STACK_DIR|READY_TIMEOUT|PG_RECREATE|PORT_WAIT)$' || true
}

# load_settings FILE: a setting the caller's environment leaves out comes from FILE (what the
# stack ran with before); one the caller sets wins, and a change is said.
load_settings() {
  local file=$1 name line saved
  [ -f "$file" ] || return 0
  while IFS= read -r line; do
    [[ $line =~ ^export\ ([A-Z_][A-Z0-9_]*)= ]] || continue
    name=${BASH_REMATCH[1]}
    eval "saved=${line#*=}"   # written with printf %q: one shell word
    if [ -z "${!name+set}" ]; then
      export "$name=$saved"
    elif [ "${!name}" != "$saved" ]; then
      log "setting $name changed (was: ${saved:0:60}; now from your environment: ${!name:0:60})"
    fi
  done < "$file"
}

# save_settings FILE: the effective settings, for the next start and for restarting one part.
save_settings() {
  local file=$1 name
  (umask 077
   { echo "# Settings of this local stack, written by deploy/local/up; a variable set in the environment"
     echo "# of a later up wins and is saved; deploy/local/up --unset NAME forgets one."
     for name in $(settings_names | sort); do printf 'export %s=%q\n' "$name" "${!name}"; done
   } > "$file.tmp" && mv "$file.tmp" "$file")
}

# ---- Kafka: one KRaft node (broker + controller) from the Maven Central jars ----

# start_kafka PORT CONTROLLER_PORT: formats the storage on first use, starts, waits, creates topics.
start_kafka() {
  local port=$1 cport=$2 dir="$STATE_DIR/kafka" i
  if is_running kafka; then log "kafka already running"; return 0; fi
  wait_port_free "$port" Kafka || die "port $port is taken: another Kafka? (set KAFKA_PORT)"
  wait_port_free "$cport" "Kafka's controller" || die "port $cport is taken (set KAFKA_CONTROLLER_PORT)"
  mkdir -p "$dir/data" "$STATE_DIR/pids" "$LOG_DIR"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=6
auto.create.topics.enable=false
message.max.bytes=33554432
replica.fetch.max.bytes=33554432
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java -cp "$INFRA_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java -cp "$INFRA_CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      > "$LOG_DIR/kafka-format.log" 2>&1 || { cat "$LOG_DIR/kafka-format.log"; die "formatting Kafka storage failed"; }
  fi
  log "starting Kafka $(kafka_version) on 127.0.0.1:$port"
  # G1 as Kafka's own start script sets it (kafka-run-class.sh): with G1's default 200 ms goal the
  # broker paused 35-147 ms every ~20 s under SMTP load, and every produce waiting for its
  # acknowledgement (every 250 after DATA) waited that long too; with 20 ms it pauses 15-32 ms
  java -Xms256m -Xmx${KAFKA_HEAP:-512m} $KAFKA_GC_OPTIONS -cp "$INFRA_CP" kafka.Kafka "$dir/server.properties" \
    > "$LOG_DIR/kafka.log" 2>&1 &
  echo $! > "$(pid_file kafka)"
  STARTED+=(kafka)
  for ((i = 0; i < 600; i++)); do
    grep -q "Kafka Server started" "$LOG_DIR/kafka.log" 2>/dev/null && break
    is_running kafka || { tail -n 40 "$LOG_DIR/kafka.log" >&2; die "Kafka exited; log: $LOG_DIR/kafka.log"; }
    sleep 0.1
  done
  grep -q "Kafka Server started" "$LOG_DIR/kafka.log" || { tail -n 40 "$LOG_DIR/kafka.log" >&2; die "Kafka not up after 60s"; }
  MAIL_KAFKA_LOG_LEVEL=warn java -cp "$INFRA_CP" edu.hamburger.mail.localinfra.KafkaTopicProvisioner "127.0.0.1:$port" \
    > "$LOG_DIR/kafka-topics.log" 2>&1 || { cat "$LOG_DIR/kafka-topics.log" >&2; die "creating topics failed"; }
  grep '^note:' "$LOG_DIR/kafka-topics.log" >&2 || true
  log "$(tail -n 1 "$LOG_DIR/kafka-topics.log")"
}

# ---- PostgreSQL: the server the environment names (PGHOST...), else an embedded one ----

# start_postgres EMBEDDED_PORT ROLE PASSWORD DATABASE...: sets PG_HOST and PG_PORT for the services.
start_postgres() {
  local embedded_port=$1 role=$2 password=$3; shift 3
  mkdir -p "$STATE_DIR/pids" "$LOG_DIR"
  if [ -n "${PGHOST:-}" ]; then
    case "$PGHOST" in /*) die "PGHOST=$PGHOST is a socket folder; name a TCP host (e.g. 127.0.0.1)";; esac
    PG_HOST=$PGHOST PG_PORT=${PGPORT:-5432}
    log "using the PostgreSQL server named by PGHOST: $PG_HOST:$PG_PORT (admin role ${PGUSER:-postgres})"
    if [ "${MAIL_PG_RECREATE:-0}" = 1 ]; then
      java -cp "$INFRA_CP" edu.hamburger.mail.localinfra.DatabaseProvisioner --drop \
        "jdbc:postgresql://$PG_HOST:$PG_PORT/${PGDATABASE:-postgres}" "${PGUSER:-postgres}" "${PGPASSWORD:-}" "$role" "$password" "$@" \
        > "$LOG_DIR/postgres-provision.log" 2>&1 || { cat "$LOG_DIR/postgres-provision.log" >&2; die "dropping databases failed"; }
    fi
    java -cp "$INFRA_CP" edu.hamburger.mail.localinfra.DatabaseProvisioner \
      "jdbc:postgresql://$PG_HOST:$PG_PORT/${PGDATABASE:-postgres}" "${PGUSER:-postgres}" "${PGPASSWORD:-}" "$role" "$password" "$@" \
      > "$LOG_DIR/postgres-provision.log" 2>&1 || { cat "$LOG_DIR/postgres-provision.log" >&2; die "creating databases failed"; }
    return 0
  fi
  PG_HOST=127.0.0.1 PG_PORT=$embedded_port
  if is_running postgres; then log "embedded PostgreSQL already running"; return 0; fi
  wait_port_free "$embedded_port" PostgreSQL || die "port $embedded_port is taken (set MAIL_EMBEDDED_PG_PORT, or name a server with PGHOST)"
  if [ "${MAIL_PG_RECREATE:-0}" = 1 ]; then rm -rf "$STATE_DIR/postgres"; fi
  log "starting embedded PostgreSQL on 127.0.0.1:$embedded_port (no PGHOST named)"
  java -Xmx128m -cp "$INFRA_CP" edu.hamburger.mail.localinfra.EmbeddedPostgresServer \
    "$embedded_port" "$STATE_DIR/postgres" "$role" "$password" "$@" > "$LOG_DIR/postgres.log" 2>&1 &
  echo $! > "$(pid_file postgres)"
  STARTED+=(postgres)
  local i
  for ((i = 0; i < 1200; i++)); do
    grep -q "POSTGRES READY" "$LOG_DIR/postgres.log" 2>/dev/null && return 0
    is_running postgres || break
    sleep 0.1
  done
  tail -n 40 "$LOG_DIR/postgres.log" >&2
  die "embedded PostgreSQL did not start; log: $LOG_DIR/postgres.log"
}

# ---- TLS: a local CA and a certificate for the gateways, unless one is given ----

# ensure_local_tls DIR DOMAIN: makes DIR/ca.pem (trust this) and DIR/gateway.p12 (the gateways' key
# and chain, password in DIR/gateway.password) once; later runs reuse them.
ensure_local_tls() {
  local dir=$1 domain=$2 pass
  [ -f "$dir/gateway.p12" ] && [ -f "$dir/ca.pem" ] && return 0
  mkdir -p "$dir"; chmod 700 "$dir"
  pass=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  echo "$pass" > "$dir/gateway.password"; chmod 600 "$dir/gateway.password"
  local kt=(keytool -noprompt -storetype PKCS12 -storepass "$pass" -keypass "$pass")
  rm -f "$dir/ca.p12" "$dir/gateway.p12"
  "${kt[@]}" -genkeypair -keystore "$dir/ca.p12" -alias ca -keyalg EC -groupname secp256r1 -validity 3650 \
    -dname "CN=Mail Platform Local CA ($domain)" -ext bc:c -ext KeyUsage=keyCertSign,cRLSign >/dev/null 2>&1
  "${kt[@]}" -exportcert -rfc -keystore "$dir/ca.p12" -alias ca -file "$dir/ca.pem" >/dev/null 2>&1
  "${kt[@]}" -genkeypair -keystore "$dir/gateway.p12" -alias gateway -keyalg EC -groupname secp256r1 -validity 825 \
    -dname "CN=mail.$domain" >/dev/null 2>&1
  "${kt[@]}" -certreq -keystore "$dir/gateway.p12" -alias gateway -file "$dir/gateway.csr" >/dev/null 2>&1
  "${kt[@]}" -gencert -keystore "$dir/ca.p12" -alias ca -infile "$dir/gateway.csr" -outfile "$dir/gateway.crt" -rfc \
    -validity 825 -ext "SAN=dns:localhost,dns:mail.$domain,dns:$domain,ip:127.0.0.1,ip:::1" \
    -ext KeyUsage=digitalSignature -ext ExtendedKeyUsage=serverAuth >/dev/null 2>&1
  "${kt[@]}" -importcert -keystore "$dir/gateway.p12" -alias ca -file "$dir/ca.pem" >/dev/null 2>&1
  "${kt[@]}" -importcert -keystore "$dir/gateway.p12" -alias gateway -file "$dir/gateway.crt" >/dev/null 2>&1 \
    || die "could not make the local TLS certificate (keytool)"
  rm -f "$dir/gateway.csr"
  log "made a local CA ($dir/ca.pem) and a gateway certificate for localhost, mail.$domain"
}

# ---- the six services ----

service_jar() { echo "$MAIL_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# Builds when a jar is missing or older than any source of its module or the shared ones
# (a stale jar would run old code).
ensure_services_built() {
  : "${LOG_DIR:=$MAIL_ROOT/.local/build}"
  local missing=0 entry name jar
  for entry in "${SERVICES[@]}"; do
    name=${entry%%:*}
    jar=$(service_jar "$name")
    if [ ! -f "$jar" ] || [ -n "$(find "$MAIL_ROOT/$name/src" "$MAIL_ROOT/$name/pom.xml" "$MAIL_ROOT/mail-core/src" \
        "$MAIL_ROOT/mailbox-client/src" "$MAIL_ROOT/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
      missing=1
    fi
  done
  [ -f "$INFRA_JAR" ] || missing=1
  if [ "$missing" = 1 ]; then
    log "building the services (mvn -B install -DskipTests; the first build downloads the dependencies and takes some minutes; full output: $LOG_DIR/build.log)"
    build_with_progress install -DskipTests || die "build failed; the end of $LOG_DIR/build.log is above"
  fi
}

# The services' garbage collector (the images set the same in their JAVA_OPTS). With the JVM's
# sizing (a 64 MB first heap that Serial grows only after a full collection) mailbox-service's young
# generation was 17 MB: each collection promoted the 10-15 MB of a filing batch still in flight, the
# old generation filled every fourth one and a full collection stopped it for 200-600 ms. Under
# `bench/run smtp` that was 0.43 ms of GC pause per message of its 1.5 ms of CPU, and Serial's one
# collecting thread took a core from smtp-gateway and Kafka meanwhile. With the heap taken whole,
# half of it young and survivor spaces of a sixth of that, a batch dies young: 0.07 ms per message,
# mailbox-service at 0.66-0.89 ms of CPU per message (bench/README.md, "GC").
SERVICE_GC_OPTIONS="-XX:+UseSerialGC -XX:NewRatio=1 -XX:SurvivorRatio=4"
KAFKA_GC_OPTIONS="-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent"

# start_service NAME PORT: runs the service's jar with the environment the caller exported.
start_service() {
  local name=$1 port=$2
  if is_running "$name"; then log "$name already running"; return 0; fi
  local p
  for p in "$port" $(protocol_ports "$name"); do
    wait_port_free "$p" "$name" || die "port $p for $name is taken"
  done
  # appended, so a restart after a crash keeps what the crashed process wrote
  echo "---- $(date '+%Y-%m-%d %H:%M:%S') deploy/local/up starts $name" >> "$LOG_DIR/$name.log"
  # a JVM out of heap exits (as in the images) instead of limping on: a Kafka consumer that ran
  # out of heap mid-fetch stays wedged on that record until the process restarts
  # -Dlocal.stack names this stack's folder, so down finds its processes and no other stack's (not a
  # mail.* property: mailbox-service refuses mail.* settings it does not know, typos included)
  # the heap is taken whole at start: see SERVICE_GC_OPTIONS
  QUARKUS_HTTP_PORT=$port java -Dlocal.stack="$STATE_DIR/" -Xms${SERVICE_HEAP:-384m} -Xmx${SERVICE_HEAP:-384m} $SERVICE_GC_OPTIONS -XX:+ExitOnOutOfMemoryError \
    -jar "$(service_jar "$name")" >> "$LOG_DIR/$name.log" 2>&1 &
  echo $! > "$(pid_file "$name")"
  STARTED+=("$name")
}

# wait_ready NAME PORT SECONDS: until /q/health/ready answers 200; on failure shows the log.
wait_ready() {
  local name=$1 port seconds=$3 i
  port=$(health_port "$1" "$2")
  for ((i = 0; i < seconds * 4; i++)); do
    [ "$(http_status /q/health/ready "$port")" = 200 ] && return 0
    if ! is_running "$name"; then
      log "$name exited; the end of $LOG_DIR/$name.log:"; tail -n 60 "$LOG_DIR/$name.log" >&2; return 1
    fi
    sleep 0.25
  done
  log "$name not ready after ${seconds}s; readiness said:"
  (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /q/health/ready HTTP/1.0\r\n\r\n' >&3 && timeout 5 cat <&3) >&2 2>/dev/null || true
  echo >&2; log "the end of $LOG_DIR/$name.log:"; tail -n 60 "$LOG_DIR/$name.log" >&2
  return 1
}
