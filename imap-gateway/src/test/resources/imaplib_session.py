"""Drives imap-gateway with Python's imaplib (a client nobody here wrote) over IMAPS.

Usage: imaplib_session.py PORT CAFILE USER PASSWORD
Prints one line per check; exits non-zero on the first failure.
"""
import imaplib
import ssl
import sys

port, cafile, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=cafile)


def check(condition, what):
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    print("ok: " + what)


with imaplib.IMAP4_SSL("localhost", port, ssl_context=context) as imap:
    typ, _ = imap.login(user, password)
    check(typ == "OK", "login")
    check("IDLE" in imap.capabilities and "UIDPLUS" in imap.capabilities, "capabilities after login")
    typ, boxes = imap.list()
    check(typ == "OK" and any(b'"Sent"' in b for b in boxes), "list shows Sent")
    typ, _ = imap.create("Receipts/2026")
    check(typ == "OK", "create a nested mailbox")
    message = ("From: alice@crepes.fr\r\nTo: " + user + "\r\nSubject: =?UTF-8?B?7KCQ7Ius?=\r\n"
               "Message-ID: <first-imaplib@crepes.fr>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
               "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
               "안녕하세요, 밥!\r\n").encode("utf-8")
    typ, data = imap.append("INBOX", "(\\Flagged)", imaplib.Time2Internaldate(1764150000), message)
    check(typ == "OK" and b"APPENDUID" in data[0], "append with APPENDUID")
    typ, data = imap.getquotaroot("INBOX")
    check(typ == "OK" and data[0][0] in (b'INBOX ""', b'"INBOX" ""') and data[1][0].startswith(b'"" (STORAGE ')
          and int(data[1][0].split()[2]) >= 1, "getquotaroot: the account's root and its STORAGE in KiB")
    typ, data = imap.select("INBOX")
    count = int(data[0])
    check(typ == "OK" and count >= 1, "select INBOX")
    typ, data = imap.fetch(str(count), "(FLAGS BODY.PEEK[])")
    check(typ == "OK" and data[0][1] == message, "fetched body byte for byte")
    check(b"\\Flagged" in data[0][0], "flags from append kept")
    typ, data = imap.search("UTF-8", "BODY", "밥".encode("utf-8"))
    check(typ == "OK" and str(count).encode() in data[0].split(), "search a Korean word as a literal")
    typ, data = imap.search("UTF-8", "TEXT", "안녕".encode("utf-8"))
    check(typ == "OK" and str(count).encode() in data[0].split(), "search a Korean word of two syllables inside a longer one")
    reply = ("From: bob@example.test\r\nTo: alice@crepes.fr\r\nSubject: Re: =?UTF-8?B?7KCQ7Ius?=\r\n"
             "Message-ID: <reply-imaplib@example.test>\r\nIn-Reply-To: <first-imaplib@crepes.fr>\r\n"
             "References: <first-imaplib@crepes.fr>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nreply\r\n").encode("utf-8")
    typ, data = imap.append("INBOX", None, None, reply)
    check(typ == "OK", "append a reply")
    imap.noop()
    typ, data = imap.sort("(REVERSE ARRIVAL)", "UTF-8", "ALL")
    numbers = data[0].split()
    check(typ == "OK" and numbers[0] == str(count + 1).encode() and len(numbers) == count + 1, "sort by arrival, newest first")
    typ, data = imap.sort("(DATE)", "UTF-8", "FROM", "crepes.fr")
    check(typ == "OK" and str(count).encode() in data[0].split(), "sort with search criteria")
    typ, data = imap.thread("REFERENCES", "UTF-8", "ALL")
    check(typ == "OK" and ("(%d %d)" % (count, count + 1)).encode() in data[0],
          "thread by references: the reply under the first, though dated before it")
    typ, data = imap.thread("ORDEREDSUBJECT", "UTF-8", "SUBJECT", "점심".encode("utf-8"))
    check(typ == "OK" and data[0] == ("(%d %d)" % (count + 1, count)).encode(),
          "thread by subject: the earlier-dated reply first")
    typ, _ = imap.store(str(count), "+FLAGS", "(\\Seen)")
    check(typ == "OK", "store \\Seen")
    typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    check(typ == "OK" and any(b"\\Seen" in (d if isinstance(d, bytes) else d[0]) for d in data), "uid fetch flags")
    typ, data = imap.copy(str(count), "Receipts/2026")
    check(typ == "OK", "copy")
    typ, data = imap.status("Receipts/2026", "(MESSAGES)")
    check(typ == "OK" and b"MESSAGES 1" in data[0], "status of the copy target")
    typ, _ = imap.store(str(count), "+FLAGS", "(\\Deleted)")
    typ, data = imap.expunge()
    check(typ == "OK" and data[0] == str(count).encode(), "expunge reports the sequence number")
    typ, _ = imap.close()
    check(typ == "OK", "close")
    # UTF8=ACCEPT (RFC 6855): imaplib then sends and reads mailbox names as UTF-8
    # (not its APPEND, which puts "UTF8 (" inside the literal instead of around it)
    typ, _ = imap.enable("UTF8=ACCEPT")
    _, enabled = imap.response("ENABLED")
    check(typ == "OK" and enabled == [b"UTF8=ACCEPT"], "enable UTF8=ACCEPT: %r" % enabled)
    typ, _ = imap.create("회의록")
    check(typ == "OK", "create a mailbox named in UTF-8")
    typ, data = imap.list('""', "회*")
    check(typ == "OK" and data[0].decode("utf-8").endswith('"/" "회의록"'), "list it by its UTF-8 name")
    typ, data = imap.select("회의록")
    check(typ == "OK" and data[0] == b"0", "select it")
    typ, _ = imap.close()
    imap.logout()
print("imaplib session complete")
