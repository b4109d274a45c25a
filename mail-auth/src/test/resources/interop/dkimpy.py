#!/usr/bin/python3
"""Drives dkimpy (Debian python3-dkim) for the interop tests.

verify MESSAGE RECORDS_JSON  -> prints one line per signature: "pass" or "fail"
sign MESSAGE DOMAIN SELECTOR KEYFILE ALGORITHM -> prints the DKIM-Signature field
arcsign MESSAGE DOMAIN SELECTOR KEYFILE SRV_ID -> prints the ARC set (three fields) to prepend
arcverify MESSAGE RECORDS_JSON -> prints dkimpy's chain verdict: pass, fail or none
RECORDS_JSON maps "selector._domainkey.domain." to the TXT value, standing in for DNS.
"""
import json
import sys

import dkim


def verify(message_path, records_path):
    message = open(message_path, 'rb').read()
    records = json.load(open(records_path))

    def dnsfunc(name, timeout=5):
        return records.get(name.decode('ascii'), '').encode('ascii') or None

    checker = dkim.DKIM(message)
    count = sum(1 for line in message.split(b'\r\n\r\n', 1)[0].split(b'\r\n')
                if line.lower().startswith(b'dkim-signature:'))
    for index in range(count):
        print('pass' if checker.verify(idx=index, dnsfunc=dnsfunc) else 'fail')


def sign(message_path, domain, selector, key_path, algorithm):
    message = open(message_path, 'rb').read()
    key = open(key_path, 'rb').read()
    field = dkim.sign(message, selector.encode(), domain.encode(), key,
                      canonicalize=(b'relaxed', b'relaxed'), signature_algorithm=algorithm.encode(),
                      include_headers=[b'from', b'to', b'subject', b'date', b'message-id'])
    sys.stdout.write(field.decode('ascii'))


def arcsign(message_path, domain, selector, key_path, srv_id):
    message = open(message_path, 'rb').read()
    key = open(key_path, 'rb').read()
    fields = dkim.arc_sign(message, selector.encode(), domain.encode(), key, srv_id.encode())
    sys.stdout.write(b''.join(fields).decode('ascii'))


def arcverify(message_path, records_path):
    message = open(message_path, 'rb').read()
    records = json.load(open(records_path))

    def dnsfunc(name, timeout=5):
        return records.get(name.decode('ascii'), '').encode('ascii') or None

    cv, _results, _reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
    print(cv.decode('ascii'))


if __name__ == '__main__':
    {'verify': lambda a: verify(*a), 'sign': lambda a: sign(*a), 'arcsign': lambda a: arcsign(*a),
     'arcverify': lambda a: arcverify(*a)}[sys.argv[1]](sys.argv[2:])
