#!/usr/bin/env python3
"""The crash suite: kills each part of the running local stack with SIGKILL under load, restarts it
with deploy/local/up (from a shell without any MAIL_* setting: the stack's saved settings must
bring the routing back), and counts what arrived.

    bench/run crash [messages=600] [clients=4] [parts=smtp-gateway,mailbox-service,kafka,postgres,queue-relay]

Needs a running stack whose relay routes sink.test to this script's SMTP sink:
    MAIL_RELAY_TRANSPORT_MAP=sink.test=127.0.0.1:2626 deploy/local/up

Load: CLIENTS Python smtplib clients submit MESSAGES messages (port 3587, STARTTLS against the
stack's CA, AUTH as alice), each with a Message-ID of its own; a client that gets no 250 (refused
connection, broken session, 4xx) sends the same bytes again until it does, as RFC 5321 leaves
it. Local parts are loaded with mail to bob@<domain> (counted by Message-ID in bob's INBOX over
the internal API); queue-relay with mail to sink.test (counted by the sink), with a second relay
replica running beside the stack's one, which is the one killed.

Per part it prints: accepted (250s), delivered (distinct Message-IDs that arrived), lost,
duplicates, and for the relay the bound: transactions of the killed replica that were open at the
kill or answered in the 250 ms before it (what it could not have recorded yet).

The compose deployment instead (deploy/containers/up), killed container by container:

    bench/run crash-containers [messages=1000] [clients=4] [parts=smtp-gateway,queue-relay,mailbox-service,kafka,postgres]

Needs the stack started with its relay routing sink.test to this script's sink on the host's
Docker bridge address (the script says which), e.g.
    MAIL_RELAY_TRANSPORT_MAP=sink.test=172.17.0.1:2626 deploy/containers/up
Each part's main process is killed with SIGKILL from the host (as a crash, not a `docker stop`),
compose's restart policy brings it back, and the script waits until its healthcheck passes
again. Bob's INBOX is counted over IMAPS (port 3993) by Message-ID; there is one relay replica,
so the relay's bound counts every transaction open at its kill.
"""
import json
import os
import signal
import smtplib
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
STACK = os.environ.get("MAIL_STACK_DIR", os.path.join(ROOT, ".local", "stack"))
CONTAINERS = len(sys.argv) > 1 and sys.argv[1] == "--containers"
if CONTAINERS:
    del sys.argv[1]
PROJECT = os.environ.get("MAIL_COMPOSE_PROJECT", "mail-platform")
SINK_PORT = 2626
RECORDING_TIME = 0.25


def read(path):
    with open(path) as f:
        return f.read().strip()


def settings():
    saved = {}
    if CONTAINERS:  # deploy/.env, with the environment's MAIL_DOMAIN first (as deploy/containers/up)
        for line in open(os.path.join(ROOT, "deploy", ".env")):
            name, _, value = line.rstrip("\n").partition("=")
            if value and not name.startswith("#"):
                saved[name] = value
        if "MAIL_DOMAIN" in os.environ:
            saved["MAIL_DOMAIN"] = os.environ["MAIL_DOMAIN"]
        return saved
    path = os.path.join(STACK, "settings.env")
    if os.path.exists(path):
        for line in open(path):
            if line.startswith("export "):
                name, _, value = line[7:].rstrip("\n").partition("=")
                saved[name] = value.strip("'")
    return saved


SETTINGS = settings()
DOMAIN = SETTINGS.get("MAIL_DOMAIN", "example.test")
PASSWORD = SETTINGS.get("DEMO_PASSWORD", "secret")
TOKEN = None if CONTAINERS else read(os.path.join(STACK, "internal-api.token"))


# ---- the remote side: an SMTP sink that remembers every transaction ----

class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.transactions = []  # dicts: helo, start, end (None while open), message_id, accepted

    def record(self, transaction):
        with self.lock:
            self.transactions.append(transaction)

    def delivered(self, tag):
        with self.lock:
            return [t["message_id"] for t in self.transactions if t["accepted"] and t["message_id"] and tag in t["message_id"]]

    def in_flight_except(self, helo_prefix, instant):
        """Transactions of clients other than helo_prefix open at instant or answered just before it."""
        with self.lock:
            return sum(1 for t in self.transactions if not t["helo"].startswith(helo_prefix) and t["start"] <= instant
                       and (t["end"] is None or t["end"] >= instant - RECORDING_TIME))


SINK = Sink()


class SinkHandler(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write((text + "\r\n").encode())
        self.wfile.flush()

    def handle(self):
        try:
            self.converse()
        except OSError:
            pass  # a killed relay's connection: the transaction stays open, as the in-flight count wants

    def converse(self):
        helo, transaction = "", None
        self.reply("220 sink.test ESMTP crash-suite sink")
        try:
            while True:
                line = self.rfile.readline()
                if not line:
                    return
                verb = line[:4].decode("ascii", "replace").upper()
                if verb in ("EHLO", "HELO"):
                    helo = line[5:].decode("ascii", "replace").strip()
                    self.reply("250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800" if verb == "EHLO" else "250 sink.test")
                elif verb == "MAIL":
                    transaction = {"helo": helo, "start": time.monotonic(), "end": None, "message_id": None, "accepted": False}
                    SINK.record(transaction)
                    self.reply("250 2.1.0 ok")
                elif verb == "RCPT":
                    self.reply("250 2.1.5 ok")
                elif verb == "DATA":
                    self.reply("354 go ahead")
                    message_id = None
                    while True:
                        data = self.rfile.readline()
                        if not data:
                            return
                        if data in (b".\r\n", b".\n"):
                            break
                        if message_id is None and data.lower().startswith(b"message-id:"):
                            message_id = data[11:].decode("ascii", "replace").strip().strip("<>")
                    time.sleep(0.01)  # a real server's disk and filters
                    transaction["message_id"] = message_id
                    transaction["accepted"] = True
                    self.reply("250 2.0.0 queued")
                    transaction["end"] = time.monotonic()
                    transaction = None
                elif verb == "RSET":
                    self.reply("250 2.0.0 ok")
                elif verb == "QUIT":
                    self.reply("221 2.0.0 bye")
                    return
                else:
                    self.reply("250 2.0.0 ok")
        finally:
            if transaction is not None and transaction["end"] is None:
                transaction["end"] = time.monotonic()


class ThreadingSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    # socketserver's default listen backlog is 5: with two relays opening 40 connections at once,
    # a connection could be left half-open, and the relay then waits out its SMTP timeout (minutes)
    request_queue_size = 256


# ---- the local side: submission clients that re-send until 250 ----

_CA = None


def tls_context():
    global _CA
    if not CONTAINERS:
        return ssl.create_default_context(cafile=os.path.join(STACK, "tls", "ca.pem"))
    if _CA is None:  # the CA certificate tls-init made, from the volume that holds only it
        _CA = subprocess.run(["docker", "run", "--rm", "-v", f"{PROJECT}_tls-public:/tls:ro", "eclipse-temurin:17-jre",
                              "cat", "/tls/ca.pem"], check=True, capture_output=True, text=True).stdout
    return ssl.create_default_context(cadata=_CA)


def message(message_id, to, number):
    return (f"From: alice@{DOMAIN}\r\nTo: {to}\r\nSubject: crash suite {number}\r\n"
            f"Date: Thu, 3 Dec 2026 18:00:00 +0000\r\nMessage-ID: <{message_id}>\r\n\r\n"
            f"Message {number} of the crash suite.\r\n").encode()


def send_until_accepted(to, data, stats):
    deadline = time.monotonic() + 300
    while True:
        try:
            with smtplib.SMTP("127.0.0.1", 3587, timeout=30) as smtp:
                smtp.starttls(context=tls_context())
                smtp.login(f"alice@{DOMAIN}", PASSWORD)
                smtp.sendmail(f"alice@{DOMAIN}", [to], data)
            return
        except (OSError, smtplib.SMTPException):
            stats["failed_tries"] += 1
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def load(tag, to, messages, clients, stats):
    ids = [f"{tag}-{n}@crash.bench" for n in range(messages)]
    lock = threading.Lock()
    queue = list(range(messages))

    def client():
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop(0)
            send_until_accepted(to, message(ids[n], to, n), stats)
            with lock:
                stats["accepted"] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    return ids, threads


# ---- the stack ----

def pid_of(part):
    path = os.path.join(STACK, "pids", part + ".pid")
    return int(read(path)) if os.path.exists(path) else None


def kill(part):
    if part == "postgres":
        return kill_postgres()
    pid = pid_of(part)
    if pid is None:
        raise SystemExit(f"{part} is not running in {STACK}")
    os.kill(pid, signal.SIGKILL)
    gone(pid)
    return True


def gone(pid):
    """Waits until a killed process has exited (a JVM under load takes a moment to be torn down)."""
    for _ in range(300):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return
        except OSError:
            return
        time.sleep(0.1)


def kill_postgres():
    """The embedded server's postmaster (and with it the server), not only its Java wrapper."""
    data = os.path.join(STACK, "postgres")
    for root, _, files in os.walk(data):
        if "postmaster.pid" in files:
            pid = int(open(os.path.join(root, "postmaster.pid")).readline())
            os.kill(pid, signal.SIGKILL)
            wrapper = pid_of("postgres")
            if wrapper:
                os.kill(wrapper, signal.SIGKILL)
                gone(wrapper)
            gone(pid)
            return True
    return False


def restart():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MAIL_") and not k.startswith("PG") and k != "MAIL_STACK_DIR"}
    if "MAIL_STACK_DIR" in os.environ:
        clean["MAIL_STACK_DIR"] = os.environ["MAIL_STACK_DIR"]
    started = time.monotonic()
    result = subprocess.run([os.path.join(ROOT, "deploy", "local", "up")], env=clean, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        said = [line for line in result.stderr.splitlines() if not line.startswith("20")]  # up's own lines, not the service log
        raise SystemExit("deploy/local/up failed after the kill:\n" + "\n".join(said[-30:]))
    return time.monotonic() - started


def api(path):
    request = urllib.request.Request("http://127.0.0.1:8082" + path, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def inbox_message_ids(tag):
    account = api(f"/api/v1/recipients/bob@{DOMAIN}")["accounts"][0]["accountId"]
    inbox = api(f"/api/v1/accounts/{account}/mailboxes/by-name?name=INBOX")["id"]
    listing = api(f"/api/v1/accounts/{account}/mailboxes/{inbox}/messages?include=envelope")
    ids = []
    for summary in listing:
        message_id = (summary.get("envelope") or {}).get("messageId") or ""
        if tag in message_id:
            ids.append(message_id.strip("<>"))
    return ids


def second_relay():
    """A second queue-relay replica beside the stack's: the same command line and environment, HELO relay-2."""
    pid = pid_of("queue-relay")
    command = open(f"/proc/{pid}/cmdline").read().split("\0")[:-1]  # java, the stack's JVM options, -jar, the jar
    environ = dict(entry.split("=", 1) for entry in open(f"/proc/{pid}/environ").read().split("\0") if "=" in entry)
    environ["QUARKUS_HTTP_PORT"] = "8093"
    environ["MAIL_RELAY_HELO_NAME"] = "relay-2." + DOMAIN
    log_path = os.path.join(STACK, "logs", "queue-relay-2.log")
    log = open(log_path, "a")
    log_start = os.path.getsize(log_path)
    process = subprocess.Popen(command, env=environ, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            with urllib.request.urlopen("http://127.0.0.1:8093/q/health/ready", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        time.sleep(0.5)
    if os.environ.get("CRASH_NO_SETTLE") == "1":  # start the load while the group still rebalances
        time.sleep(8)
        return process
    for _ in range(240):  # the group settles: both replicas own partitions before the load
        with open(log_path) as f:
            f.seek(log_start)
            if "partitions assigned" in f.read():
                time.sleep(2)
                return process
        time.sleep(0.5)
    process.kill()
    raise SystemExit("the second relay replica did not get ready or no partitions")


# ---- the compose deployment ----

def container(part):
    ids = subprocess.run(["docker", "ps", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}",
                          "--filter", f"label=com.docker.compose.service={part}"], check=True, capture_output=True, text=True).stdout.split()
    if len(ids) != 1:
        raise SystemExit(f"expected one running {part} container in the compose project {PROJECT}, found {len(ids)}")
    return ids[0]


def inspect(container_id, template):
    return subprocess.run(["docker", "inspect", "-f", template, container_id], check=True, capture_output=True, text=True).stdout.strip()


def kill_container(part):
    """SIGKILL to the container's main process from the host: a crash, which the restart policy answers."""
    container_id = container(part)
    pid = int(inspect(container_id, "{{.State.Pid}}"))
    restarts = int(inspect(container_id, "{{.RestartCount}}"))
    os.kill(pid, signal.SIGKILL)
    gone(pid)
    return container_id, restarts


def healthy_again(container_id, restarts):
    started = time.monotonic()
    while time.monotonic() - started < 600:
        if int(inspect(container_id, "{{.RestartCount}}")) > restarts and \
                inspect(container_id, "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}") == "running healthy":
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(f"container {container_id} not restarted and healthy after 600 s")


def imap_message_ids(tag):
    import imaplib
    with imaplib.IMAP4_SSL("127.0.0.1", 3993, ssl_context=tls_context(), timeout=60) as imap:
        imap.login(f"bob@{DOMAIN}", PASSWORD)
        imap.select("INBOX", readonly=True)
        status, data = imap.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        ids = []
        for item in data:
            if isinstance(item, tuple):
                header = item[1].decode("ascii", "replace").strip()
                value = header.split(":", 1)[1].strip().strip("<>") if ":" in header else ""
                if tag in value:
                    ids.append(value)
        return ids


def run_part(part, messages, clients):
    tag = f"crash-{part}-{int(time.time())}"
    remote = part == "queue-relay"
    to = "user@sink.test" if remote else f"bob@{DOMAIN}"
    replica = second_relay() if remote and not CONTAINERS else None
    try:
        stats = {"accepted": 0, "failed_tries": 0}
        ids, threads = load(tag, to, messages, clients, stats)
        while stats["accepted"] < messages // 3:
            time.sleep(0.01)
        killed_at = time.monotonic()
        accepted_at_kill = stats["accepted"]
        if CONTAINERS:
            killed = kill_container(part)
        elif not kill(part):
            for t in threads:
                t.join()
            return {"part": part, "skipped": "PostgreSQL is PGHOST's server, not the stack's: not killed"}
        bound = None
        if remote:
            time.sleep(0.3)
            # one replica in compose: every transaction it had open counts
            bound = SINK.in_flight_except("\0" if CONTAINERS else "relay-2", killed_at)
        if CONTAINERS:
            restart_seconds = healthy_again(*killed)
        else:
            time.sleep(1)
            restart_seconds = restart()
        for t in threads:
            t.join()
        deadline = time.monotonic() + 180
        while True:
            arrived = SINK.delivered(tag) if remote else (imap_message_ids if CONTAINERS else inbox_message_ids)(tag)
            if set(i for i in ids).issubset(set(arrived)) or time.monotonic() > deadline:
                break
            time.sleep(1)
        time.sleep(3)  # a second copy on its way arrives by now
        arrived = SINK.delivered(tag) if remote else (imap_message_ids if CONTAINERS else inbox_message_ids)(tag)
        distinct = set(arrived)
        return {"part": part, "messages": messages, "accepted": stats["accepted"], "accepted_at_kill": accepted_at_kill,
                "failed_tries": stats["failed_tries"], "delivered": len(distinct & set(ids)),
                "lost": len(set(ids) - distinct), "duplicates": len(arrived) - len(distinct),
                "in_flight_bound": bound, "restart_s": round(restart_seconds, 1)}
    finally:
        if replica:
            replica.terminate()
            try:
                replica.wait(90)  # it drains what it delivers (connections.drain-time)
            except subprocess.TimeoutExpired:
                replica.kill()


def docker_host_address():
    """The host's address on Docker's default bridge, which the containers reach."""
    out = subprocess.run(["ip", "-4", "-o", "addr", "show", "docker0"], capture_output=True, text=True).stdout.split()
    return out[out.index("inet") + 1].split("/")[0] if "inet" in out else None


def main():
    args = sys.argv[1:]
    messages = int(args[0]) if len(args) > 0 else (1000 if CONTAINERS else 600)
    clients = int(args[1]) if len(args) > 1 else 4
    parts = (args[2] if len(args) > 2 else "smtp-gateway,mailbox-service,kafka,postgres,queue-relay").split(",")
    sink_host = docker_host_address() if CONTAINERS else "127.0.0.1"
    if CONTAINERS:
        relay_env = inspect(container("queue-relay"), "{{range .Config.Env}}{{println .}}{{end}}")
        routing = next((line.split("=", 1)[1] for line in relay_env.splitlines() if line.startswith("MAIL_RELAY_TRANSPORT_MAP=")), "")
        start = "deploy/containers/up"
    else:
        routing = SETTINGS.get("MAIL_RELAY_TRANSPORT_MAP", "")
        start = "deploy/local/up"
    if "queue-relay" in parts and f"sink.test={sink_host}:{SINK_PORT}" not in routing:
        raise SystemExit(f"the stack's relay must route sink.test to this sink: MAIL_RELAY_TRANSPORT_MAP=sink.test={sink_host}:{SINK_PORT} {start}")
    sink = ThreadingSink((sink_host, SINK_PORT), SinkHandler)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    results = []
    for part in parts:
        print(f"--- killing {part} under load ({messages} messages, {clients} clients)", flush=True)
        result = run_part(part, messages, clients)
        print(json.dumps(result), flush=True)
        results.append(result)
    print()
    print(f"{'part killed':<16} {'accepted':>8} {'delivered':>9} {'lost':>5} {'dupl.':>6} {'in flight':>9} {'tries failed':>12} {'restart s':>9}")
    for r in results:
        if "skipped" in r:
            print(f"{r['part']:<16} {r['skipped']}")
            continue
        bound = "-" if r["in_flight_bound"] is None else str(r["in_flight_bound"])
        print(f"{r['part']:<16} {r['accepted']:>8} {r['delivered']:>9} {r['lost']:>5} {r['duplicates']:>6} {bound:>9} "
              f"{r['failed_tries']:>12} {r['restart_s']:>9}")
    sink.shutdown()
    bad = [r for r in results if "skipped" not in r and (r["lost"] > 0 or (r["in_flight_bound"] is None and r["duplicates"] > 0)
                                                         or (r["in_flight_bound"] is not None and r["duplicates"] > r["in_flight_bound"]))]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
