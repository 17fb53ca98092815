"""A real SMTP server on loopback for Svar's mail tests (aiosmtpd).

Usage: smtp_server.py PORT FOLDER [DELAY_MS]

Every message it accepts is written to FOLDER as <n>.eml (n counting from 1, whole or not at
all). It answers by the recipient's local part, so that one server serves every case:
  tempfail-<N>-...@...  451 for the first N tries of that address, then 250
  reject-...@...        550 (a permanent refusal, quoting the address as real servers do)
  anything else         250
DELAY_MS (default 0) is waited before each message is accepted, to make a batch take time.
Prints "READY <port>" once it listens.
"""

import asyncio
import os
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.count = 0
        self.tries = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if local.startswith("tempfail-"):
            wanted = int(local.split("-")[1])
            seen = self.tries.get(address, 0)
            self.tries[address] = seen + 1
            if seen < wanted:
                return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay / 1000.0)
        self.count += 1
        path = os.path.join(self.folder, "%d.eml" % self.count)
        with open(path + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".part", path)
        return "250 2.0.0 Message accepted for delivery"


def main():
    port = int(sys.argv[1])
    folder = sys.argv[2]
    delay = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    os.makedirs(folder, exist_ok=True)
    controller = Controller(
        Handler(folder, delay),
        hostname="127.0.0.1",
        port=port,
        enable_SMTPUTF8=True,
        decode_data=False,
    )
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
