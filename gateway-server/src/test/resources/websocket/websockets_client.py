"""Drives gateway's echo (dev.gateway.testapps.Sockets) with Python's `websockets` library, a client
the project does not write: permessage-deflate, fragmented messages both ways, binary, ping, and
close codes both ways. Prints one line per check; exits non-zero on the first failure.

Usage: python3 websockets_client.py PORT
"""
import asyncio
import sys

import websockets


async def main(port):
    uri = f"ws://127.0.0.1:{port}/echo"

    # websockets offers permessage-deflate by default; gateway agrees (websocket_compression).
    async with websockets.connect(uri, subprotocols=["echo"], max_size=2 ** 22) as ws:
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions", "")
        assert extensions.startswith("permessage-deflate"), extensions
        assert ws.subprotocol == "echo", ws.subprotocol
        print("ok compression negotiated:", extensions)

        big = "compressible " * 20000  # 260 KB of text, in several frames once deflated
        await ws.send(big)
        assert await ws.recv() == big
        print("ok large compressed message")

        await ws.send(["frag", "ment", "ed é"])  # an iterable is sent as one fragmented message
        assert await ws.recv() == "fragmented é"
        print("ok fragmented message sent")

        await ws.send("fragments:4")
        assert await ws.recv() == "part0;part1;part2;part3;"
        print("ok fragmented message received")

        await ws.send(bytes(range(256)))
        assert await ws.recv() == bytes(range(256))
        print("ok binary")

        pong = await ws.ping(b"are you there")
        await asyncio.wait_for(pong, 10)
        print("ok ping answered")

        await ws.send("close:4003")
        try:
            await asyncio.wait_for(ws.recv(), 10)
            raise AssertionError("the server should have closed")
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd.code == 4003, closed
            print("ok the server's close code:", closed.rcvd.code)

    # Without compression, and a close started by the client with its own code.
    async with websockets.connect(uri, compression=None) as ws:
        assert "Sec-WebSocket-Extensions" not in ws.response_headers
        await ws.send("plain")
        assert await ws.recv() == "plain"
        await ws.close(code=4000, reason="client done")
        assert ws.close_code == 4000, ws.close_code
        print("ok the client's close code echoed:", ws.close_code)


asyncio.run(asyncio.wait_for(main(int(sys.argv[1])), 60))
