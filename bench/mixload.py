#!/usr/bin/env python3
"""IMAP and POP3 session mixes driven by Python's imaplib and poplib, one OS process per client.

    mixload.py imap|pop3 HOST PORT USER-PATTERN PASSWORD USERS CLIENTS SECONDS

Each client loops until SECONDS have passed, every session for a random user of USERS
(USER-PATTERN holds one %d):
  imap: connect, LOGIN, SELECT INBOX, FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE),
        3 x FETCH n BODY.PEEK[] (random n), 2 x STORE n +FLAGS/-FLAGS (\\Flagged), LOGOUT
  pop3: connect, USER, PASS, STAT, UIDL, RETR of every message (none deleted), QUIT
Prints one line: commands/s, sessions/s, messages read/s, p50/p99 per command and for the login.
Plain text on loopback for both servers measured (TLS would measure the handshake).
"""
import imaplib
import multiprocessing
import poplib
import random
import sys
import time


def imap_session(host, port, user, password, timings):
    started = time.perf_counter()
    imap = imaplib.IMAP4(host, port)
    commands, read = 1, 0

    def timed(kind, call, *args):
        nonlocal commands
        t = time.perf_counter()
        typ, data = call(*args)
        timings.append((kind, time.perf_counter() - t))
        commands += 1
        if typ != "OK":
            raise RuntimeError("%s answered %s %s" % (kind, typ, data))
        return data

    timings.append(("connect", time.perf_counter() - started))
    timed("login", imap.login, user, password)
    exists = int(timed("select", imap.select, "INBOX")[0])
    if exists:
        timed("fetch-all", imap.fetch, "1:*", "(FLAGS UID RFC822.SIZE ENVELOPE)")
        for _ in range(3):
            timed("fetch-body", imap.fetch, str(random.randint(1, exists)), "(BODY.PEEK[])")
            read += 1
        timed("store", imap.store, str(random.randint(1, exists)), "+FLAGS", "(\\Flagged)")
        timed("store", imap.store, str(random.randint(1, exists)), "-FLAGS", "(\\Flagged)")
    t = time.perf_counter()
    imap.logout()
    timings.append(("logout", time.perf_counter() - t))
    return commands + 1, read


def pop3_session(host, port, user, password, timings):
    started = time.perf_counter()
    pop = poplib.POP3(host, port)
    timings.append(("connect", time.perf_counter() - started))
    commands, read = 1, 0

    def timed(kind, call, *args):
        nonlocal commands
        t = time.perf_counter()
        result = call(*args)
        timings.append((kind, time.perf_counter() - t))
        commands += 1
        return result

    timed("user", pop.user, user)
    try:
        timed("login", pop.pass_, password)
    except poplib.error_proto as e:
        if b"[IN-USE]" not in e.args[0]:
            raise
        pop.quit()  # another client holds this maildrop now (RFC 1939 §8): a busy login, not a failure
        raise MaildropBusy() from e
    count = timed("stat", pop.stat)[0]
    timed("uidl", pop.uidl)
    for n in range(1, count + 1):
        timed("retr", pop.retr, n)
        read += 1
    t = time.perf_counter()
    pop.quit()
    timings.append(("quit", time.perf_counter() - t))
    return commands + 1, read


class MaildropBusy(Exception):
    pass


def client(args):
    mode, host, port, pattern, password, users, seconds, seed, queue = args
    random.seed(seed)
    session = imap_session if mode == "imap" else pop3_session
    timings, commands, sessions, read, errors, last_error, busy = [], 0, 0, 0, 0, None, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and errors <= 20:
        try:
            c, r = session(host, port, pattern % random.randrange(users), password, timings)
            commands, read, sessions = commands + c, read + r, sessions + 1
        except MaildropBusy:
            busy += 1  # its commands are not counted: the session did no work
        except (OSError, RuntimeError, imaplib.IMAP4.error, poplib.error_proto) as e:
            errors, last_error = errors + 1, e
            time.sleep(0.1)
    queue.put((commands, sessions, read, errors, timings, None if errors <= 20 else str(last_error), busy))


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))] * 1000


def main():
    if len(sys.argv) != 9:
        raise SystemExit(__doc__)
    mode, host, port, pattern, password, users, clients, seconds = sys.argv[1:]
    port, users, clients, seconds = int(port), int(users), int(clients), float(seconds)
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=client, args=((mode, host, port, pattern, password, users, seconds, i, queue),))
               for i in range(clients)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    results = [queue.get() for _ in workers]
    for w in workers:
        w.join()
    failures = [r[5] for r in results if r[5]]
    if failures:
        raise SystemExit("too many failed sessions: %s" % failures[0])
    elapsed = time.perf_counter() - start
    commands = sum(r[0] for r in results)
    sessions = sum(r[1] for r in results)
    read = sum(r[2] for r in results)
    errors = sum(r[3] for r in results)
    busy = sum(r[6] for r in results)
    timings = [t for r in results for t in r[4]]
    every = [d for _, d in timings]
    logins = [d for kind, d in timings if kind == "login"]
    print("%s %s:%d: %d clients x %.0f s: %.0f commands/s, %.1f sessions/s, %.0f messages read/s; "
          "command p50 %.2f ms p99 %.2f ms; login p50 %.2f ms p99 %.2f ms; %d failed sessions%s"
          % (mode, host, port, clients, seconds, commands / elapsed, sessions / elapsed, read / elapsed,
             percentile(every, 50), percentile(every, 99), percentile(logins, 50), percentile(logins, 99), errors,
             "; %d logins found the maildrop in use" % busy if mode == "pop3" else ""))
    print("RESULT %.1f %.1f %.1f" % (commands / elapsed, sessions / elapsed, read / elapsed))


if __name__ == "__main__":
    main()
