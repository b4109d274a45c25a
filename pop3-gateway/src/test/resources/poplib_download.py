"""Downloads and deletes every message with Python's poplib, as a real client would: STLS, USER/PASS.

usage: poplib_download.py PORT CA_FILE USER PASSWORD OUT_DIR
Writes each message to OUT_DIR/<n>.eml exactly as received (dot-unstuffed by poplib), deletes it,
quits, and prints how many it took.
"""
import os
import poplib
import ssl
import sys

port, cafile, user, password, out_dir = sys.argv[1:6]
context = ssl.create_default_context(cafile=cafile)
client = poplib.POP3("localhost", int(port), timeout=30)
assert "STLS" in client.capa(), client.capa()
client.stls(context=context)
client.user(user)
client.pass_(password)
count, size = client.stat()
uidls = client.uidl()[1]
for number in range(1, count + 1):
    response, lines, octets = client.retr(number)
    with open(os.path.join(out_dir, f"{number}.eml"), "wb") as f:
        f.write(b"\r\n".join(lines) + b"\r\n")
    client.dele(number)
client.quit()
print(f"downloaded {count} messages, {size} octets, uidl {len(uidls)}")
