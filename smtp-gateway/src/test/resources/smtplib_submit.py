"""Sends one message with Python's smtplib, as a real client would: EHLO, STARTTLS, EHLO, AUTH, MAIL.

usage: smtplib_submit.py PORT CA_FILE USER PASSWORD FROM TO[,TO...] MESSAGE_FILE [implicit]
Prints the server's final reply; exits non-zero on any SMTP error.
"""
import smtplib
import ssl
import sys

port, cafile, user, password, sender, recipients, message_file = sys.argv[1:8]
implicit = len(sys.argv) > 8 and sys.argv[8] == "implicit"
context = ssl.create_default_context(cafile=cafile)
with open(message_file, "rb") as f:
    message = f.read()

if implicit:
    client = smtplib.SMTP_SSL("localhost", int(port), context=context, timeout=30)
else:
    client = smtplib.SMTP("localhost", int(port), timeout=30)
    client.ehlo("python.client.example")
    client.starttls(context=context)
client.ehlo("python.client.example")
assert client.has_extn("auth"), "AUTH must be offered inside TLS"
client.login(user, password)
options = ["BODY=8BITMIME"]
if any(ord(c) > 127 for c in sender + recipients):
    options.append("SMTPUTF8")
refused = client.sendmail(sender, recipients.split(","), message, mail_options=options)
if refused:
    print("refused:", refused)
    sys.exit(2)
code, text = client.noop()
print("noop", code)
client.quit()
print("sent")
