#!/usr/bin/python3
"""Drives dkimpy (Debian python3-dkim) for the interop tests.

verify MESSAGE RECORDS_JSON  -> prints one line per signature: "pass" or "fail"
sign MESSAGE DOMAIN SELECTOR KEYFILE ALGORITHM -> prints the DKIM-Signature field
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


if __name__ == '__main__':
    if sys.argv[1] == 'verify':
        verify(sys.argv[2], sys.argv[3])
    else:
        sign(*sys.argv[2:7])
